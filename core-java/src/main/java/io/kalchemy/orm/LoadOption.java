package io.kalchemy.orm;

import io.kalchemy.sql.StatementOption;

import java.util.ArrayList;
import java.util.List;

/**
 * A loader option for one query: how a relationship path loads, overriding the relationships'
 * defaults. Chains go deeper: {@code LoadOption.selectin(User.class, "posts").selectin("comments")}
 * loads users' posts and those posts' comments (one extra query per level). Immutable.
 */
public final class LoadOption implements StatementOption {
    /** One step: a relationship of the previous step's class, and how it loads. */
    record Step(String relationship, Load strategy) {
    }

    private final Class<?> root;
    private final List<Step> path;

    private LoadOption(Class<?> root, List<Step> path) {
        this.root = root;
        this.path = List.copyOf(path);
    }

    /** Loads {@code root}'s relationship {@code relationship} with one extra IN query per level. */
    public static LoadOption selectin(Class<?> root, String relationship) {
        return new LoadOption(root, List.of(new Step(relationship, Load.SELECTIN)));
    }

    /** Leaves {@code root}'s relationship unloaded; using it raises. */
    public static LoadOption raise(Class<?> root, String relationship) {
        return new LoadOption(root, List.of(new Step(relationship, Load.RAISE)));
    }

    /** Leaves {@code root}'s relationship as constructed (empty or null), explicitly. */
    public static LoadOption noload(Class<?> root, String relationship) {
        return new LoadOption(root, List.of(new Step(relationship, Load.NOLOAD)));
    }

    /** This path, continued with the last step's target's {@code relationship} loaded by selectin. */
    public LoadOption selectin(String relationship) {
        return then(relationship, Load.SELECTIN);
    }

    /** This path, continued with the last step's target's {@code relationship} left unloaded. */
    public LoadOption raise(String relationship) {
        return then(relationship, Load.RAISE);
    }

    private LoadOption then(String relationship, Load strategy) {
        List<Step> next = new ArrayList<>(path);
        next.add(new Step(relationship, strategy));
        return new LoadOption(root, next);
    }

    Class<?> root() {
        return root;
    }

    List<Step> path() {
        return path;
    }

    @Override
    public String toString() {
        return root.getSimpleName() + "." + path;
    }
}
