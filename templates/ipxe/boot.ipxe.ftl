#!ipxe
[#include "identity.ftl"]
# [=mac][#if hostname??] ([=hostname])[/#if]: profile [=profile]
echo Provisioner: booting [=mac][#if hostname??] ([=hostname])[/#if] with profile [=profile]
kernel --name [=kernel.name] [=kernel.url][#list initrds as initrd] initrd=[=initrd.name][/#list][#list args as arg] [=arg][/#list] || goto failed
[#list initrds as initrd]
initrd --name [=initrd.name] [=initrd.url] || goto failed
[/#list]
boot || goto failed
:failed
echo Provisioner: booting [=mac] failed; retrying in [=retrySeconds] seconds
sleep [=retrySeconds]
chain --replace --autofree [=chainUrl]
