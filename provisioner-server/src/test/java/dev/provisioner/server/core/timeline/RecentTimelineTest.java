package dev.provisioner.server.core.timeline;

class RecentTimelineTest extends TimelineContract {

    @Override
    protected Timeline timeline() {
        return new RecentTimeline(3, 2);
    }
}
