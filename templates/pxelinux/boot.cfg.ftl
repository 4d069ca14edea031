[#-- pxelinux.cfg/01-<mac>: paths are TFTP paths; the server looks them up under tftpboot/, then assets/
     (the machine's oem/<mac>.cpio.gz comes from its config). --]
# [=mac][#if hostname??] ([=hostname])[/#if]: profile [=profile]
DEFAULT boot
PROMPT 0
SAY Provisioner: booting [=mac][#if hostname??] ([=hostname])[/#if] with profile [=profile]
LABEL boot
  KERNEL [=kernel]
  APPEND[#if initrds?has_content] initrd=[#list initrds as initrd][=initrd][#sep],[/#list][/#if][#list args as arg] [=arg][/#list]
