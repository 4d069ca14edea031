[#-- pxelinux.cfg/01-<mac>, and pxelinux.cfg/default from the default profile (no mac then): paths are TFTP
     paths; the server looks them up under tftpboot/, then assets/ (the machine's oem/<mac>.cpio.gz comes from
     its config). --]
[#assign machine][#if mac??][=mac][#if hostname??] ([=hostname])[/#if][#else]an unregistered machine[/#if][/#assign]
# [=machine]: profile [=profile]
DEFAULT boot
PROMPT 0
SAY Provisioner: booting [=machine] with profile [=profile]
LABEL boot
  KERNEL [=kernel]
  APPEND[#if initrds?has_content] initrd=[#list initrds as initrd][=initrd][#sep],[/#list][/#if][#list args as arg] [=arg][/#list]
