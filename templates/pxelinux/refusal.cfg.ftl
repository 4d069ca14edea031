[#-- A machine that cannot boot: the reason on its console, then a reboot to ask again (reboot.c32 comes from
     Debian's syslinux-common, next to ldlinux.c32 in tftpboot/). --]
SAY Provisioner: [=reason]
SAY Provisioner: rebooting in [=retrySeconds] seconds to ask again
DEFAULT retry
PROMPT 1
TIMEOUT [=(retrySeconds * 10)?c]
LABEL retry
  COM32 reboot.c32
