#!ipxe
[#-- A machine in state local: sent to its own disk. exit hands back to the firmware, which goes on to its next
     boot device; sanboot boots the first BIOS disk from here. --]
echo Provisioner: [=who] is in state local: booting its own disk
[#if how == "sanboot"]
sanboot --no-describe --drive 0x80 || echo Provisioner: the first disk does not boot
[/#if]
exit
