package dev.provisioner.server.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Profiles held in memory for tests, with the problems a file store would report for broken ones. */
public final class FixedProfiles implements ProfileCatalog {

    private final Map<String, Profile> profiles = new TreeMap<>();
    private final Map<String, Problem> problems = new TreeMap<>();

    public FixedProfiles add(Profile profile) {
        profiles.put(profile.id(), profile);
        return this;
    }

    public FixedProfiles broken(String id, Problem problem) {
        problems.put(id, problem);
        return this;
    }

    @Override
    public Optional<Profile> get(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    @Override
    public List<Profile> list() {
        return new ArrayList<>(profiles.values());
    }

    @Override
    public Optional<Problem> problemOf(String id) {
        return Optional.ofNullable(problems.get(id));
    }

    @Override
    public List<Problem> problems() {
        return new ArrayList<>(problems.values());
    }
}
