[#-- The URL of a machine's own script, with what iPXE knows of the machine. iPXE expands the ${...}
     settings itself; ${mac} is the interface that booted. Shared by every script that (re)chains. --]
[#assign chainUrl = base + r"ipxe?mac=${mac:hexhyp}&uuid=${uuid}&serial=${serial:uristring}&arch=${buildarch}&platform=${platform}"]
