package dev.provisioner.server.store;

/** How much boot history a timeline keeps: events per machine, and machines in memory. */
public record TimelineBounds(int eventsPerMachine, int machines) {
}
