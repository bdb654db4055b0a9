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
    /** One step: a relationship of the previous step's class, how it loads, and a filter on the related rows. */
    record Step(String relationship, Load strategy, io.kalchemy.sql.Expression<Boolean> filter) {
        Step(String relationship, Load strategy) {
            this(relationship, strategy, null);
        }
    }

    /** Also loads from the query's own rows: {@code containsEager} and {@code joined}. */
    enum FromRows { NO, CONTAINS_EAGER, JOINED }

    private final Class<?> root;
    private final List<Step> path;
    private final FromRows fromRows;

    private LoadOption(Class<?> root, List<Step> path) {
        this(root, path, FromRows.NO);
    }

    private LoadOption(Class<?> root, List<Step> path, FromRows fromRows) {
        this.root = root;
        this.path = List.copyOf(path);
        this.fromRows = fromRows;
    }

    /**
     * Fills {@code root}'s collection {@code relationship} from the rows of a join the query itself
     * makes: select both classes and join them, e.g.
     * {@code select(users, posts).join(posts, rel.joinCondition()).options(containsEager(User.class, "posts"))}.
     * Each owner gets the related objects of its rows (a filtered join fills a filtered collection).
     */
    public static LoadOption containsEager(Class<?> root, String relationship) {
        return new LoadOption(root, List.of(new Step(relationship, Load.NOLOAD)), FromRows.CONTAINS_EAGER);
    }

    /**
     * Loads {@code root}'s relationship in the same query with a LEFT OUTER JOIN; owners repeated
     * by the join come back once. Not with LIMIT/OFFSET (they would count joined rows): use selectin.
     */
    public static LoadOption joined(Class<?> root, String relationship) {
        return new LoadOption(root, List.of(new Step(relationship, Load.NOLOAD)), FromRows.JOINED);
    }

    /** This (single-step selectin) option with the related rows filtered by {@code condition}. */
    public LoadOption where(io.kalchemy.sql.Expression<Boolean> condition) {
        List<Step> next = new ArrayList<>(path);
        Step last = next.remove(next.size() - 1);
        next.add(new Step(last.relationship(), last.strategy(), condition));
        return new LoadOption(root, next, fromRows);
    }

    FromRows fromRows() {
        return fromRows;
    }

    /** Loads {@code root}'s relationship {@code relationship} with one extra IN query per level. */
    public static LoadOption selectin(Class<?> root, String relationship) {
        return new LoadOption(root, List.of(new Step(relationship, Load.SELECTIN)));
    }

    /**
     * Leaves {@code root}'s collection unloaded; using it raises. On a many-to-one reference the
     * query throws {@link io.kalchemy.errors.ArgumentError} (a field read cannot raise; use {@link #noload}).
     */
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

    /** This path, continued with the last step's target's collection {@code relationship} left unloaded (see {@link #raise(Class, String)}). */
    public LoadOption raise(String relationship) {
        return then(relationship, Load.RAISE);
    }

    private LoadOption then(String relationship, Load strategy) {
        List<Step> next = new ArrayList<>(path);
        next.add(new Step(relationship, strategy));
        return new LoadOption(root, next, fromRows);
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
