package net.sonic.portsyncd.itests;

/**
 * The users every container of these tests is given, one per role of the access model: {@code viewer} reads,
 * {@code operator} also runs portsyncd's operations, {@code admin} also administers the container. A distribution
 * has no password of its own: {@link ContainerUsers} sets these before a container starts, as an operator would.
 */
final class TestUsers {
    static final String[] ADMIN = {"admin", "itest-admin-7Qe2wVx9"};
    static final String[] OPERATOR = {"operator", "itest-operator-Rk4mZt8c"};
    static final String[] VIEWER = {"viewer", "itest-viewer-Hn3pLs6d"};

    private TestUsers() {
    }
}
