[#-- Added next to docker-swarm-join.service. Active from boot and stopped at shutdown: ordered after docker.service,
     so its ExecStop runs while Docker still runs. Wants, not Requires: restarting Docker must not make the node
     leave. A manager demotes itself first; the last manager keeps its state (no --force). --]
[Unit]
Description=Leave the Docker Swarm cleanly at shutdown
Wants=docker.service
After=docker.service docker-swarm-join.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true
[#if role == "manager"]
ExecStop=/bin/sh -c 'node=$$(docker info --format "{{.Swarm.NodeID}}") && [ -n "$$node" ] || exit 0; docker node demote "$$node"; docker swarm leave'
[#else]
ExecStop=/bin/sh -c 'docker swarm leave'
[/#if]
TimeoutStopSec=90

[Install]
WantedBy=multi-user.target
