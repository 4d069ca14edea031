#!ipxe
[#include "identity.ftl"]
# Served at /boot.ipxe: the same for every machine. Fetches the script made for this machine.
:fetch
echo Provisioner: fetching the boot script of ${mac} from [=base]
chain --replace --autofree [=chainUrl] || goto failed
:failed
echo Provisioner: could not fetch the boot script; retrying in [=retrySeconds] seconds
sleep [=retrySeconds]
goto fetch
