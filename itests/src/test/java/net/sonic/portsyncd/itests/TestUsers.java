package net.sonic.portsyncd.itests;

/**
 * The users every container of these tests is given, one per role of the access model: {@code viewer} reads,
 * {@code operator} also runs portsyncd's operations, {@code admin} also administers the container.
 */
final class TestUsers {
    static final String[] ADMIN = {"karaf", "karaf"};
    static final String[] OPERATOR = {"karaf", "karaf"};
    static final String[] VIEWER = {"viewer", "viewer"};

    private TestUsers() {
    }
}
