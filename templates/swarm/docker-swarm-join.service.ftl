[#-- Added to the Ignition config of every machine whose profile has a swarm role. Model: role (worker or
     manager), token (the join token for that role), managers (host:port list). In ExecStart, systemd would
     expand $ and %: the shell's own $ is written $$. --]
[Unit]
Description=Join the Docker Swarm as a [=role]
Documentation=https://docs.docker.com/reference/cli/docker/swarm/join/
Wants=network-online.target docker.service
After=network-online.target docker.service

[Service]
Type=oneshot
RemainAfterExit=yes
# keeps trying every manager until one answers; does nothing on a node that is already in a swarm
TimeoutStartSec=infinity
ExecStart=/bin/sh -c 'while :; do state=$$(docker info --format "{{.Swarm.LocalNodeState}}") && case "$$state" in active|pending|locked) echo "already in a swarm ($$state)"; exit 0;; esac; for manager in[#list managers as manager] [=manager][/#list]; do docker swarm join --token [=token] "$$manager" && exit 0; done; echo "no manager answered; trying again in 10 s"; sleep 10; done'

[Install]
WantedBy=multi-user.target
