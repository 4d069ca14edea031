#!ipxe
[#include "identity.ftl"]
# This machine cannot boot yet; the reason is shown on its console and it asks again later.
echo
echo Provisioner: [=reason]
echo Provisioner: asking [=base] again in [=retrySeconds] seconds
sleep [=retrySeconds]
chain --replace --autofree [=chainUrl]
