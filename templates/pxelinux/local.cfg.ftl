[#-- A machine in state local: pxelinux hands back to the BIOS, which boots the first disk. --]
SAY Provisioner: [=who] is in state local: booting its own disk
DEFAULT local
LABEL local
  LOCALBOOT 0
