package io.kalchemy.dialect;

import io.kalchemy.sql.BindParameter;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.Select;
import io.kalchemy.sql.Statement;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A dialect's compiled statements: first by statement object (a statement kept and run again is
 * never looked at twice), then, for SELECTs, by {@link StatementShape} (a query rebuilt on every
 * call with other values is compiled once). A shape hit reuses the SQL, the result columns and
 * their result metadata, with the new statement's bind parameters put in the placeholders the
 * first statement's occupied and its own select-list expressions as the columns' sources.
 *
 * <p>A compilation whose placeholders cannot all be traced to the statement's own bind parameters
 * is kept only on its statement object. The shape table holds at most {@link #MAX_SHAPES} entries
 * and starts over when full (an application has a bounded set of query shapes; one that builds
 * shapes without bound, such as IN lists of every length, only loses the cache's benefit).
 *
 * <p><b>Threading:</b> safe for concurrent use; racing compilations of one shape compile twice.
 */
public final class CompileCache {
    static final int MAX_SHAPES = 2000;

    /** A compiled SELECT without its values: placeholder i takes the bind met at walk position {@code slots[i]}. */
    private record Template(CompiledStatement compiled, int[] slots, int resultCount) {
    }

    private final Map<StatementShape.Key, Template> shapes = new ConcurrentHashMap<>();
    private final AtomicLong compilations = new AtomicLong();

    /**
     * The compiled form of {@code statement} for {@code owner} (the dialect), compiling it with
     * {@code compiler} only when neither the statement nor a statement of its shape was compiled.
     */
    public CompiledStatement compile(Object owner, Statement statement, Function<Statement, CompiledStatement> compiler) {
        Object cached = statement.cachedCompilation(owner);
        if (cached != null) {
            return (CompiledStatement) cached;
        }
        StatementShape shape = statement instanceof Select s ? StatementShape.of(s) : null;
        StatementShape.Key key = shape == null ? null : shape.key();
        Template t = key == null ? null : shapes.get(key);
        CompiledStatement compiled;
        if (t != null) {
            compiled = instantiate(t, shape);
        } else {
            compiled = compiler.apply(statement);
            compilations.incrementAndGet();
            if (key != null) {
                Template made = template(compiled, shape);
                if (made != null) {
                    if (shapes.size() >= MAX_SHAPES) {
                        shapes.clear();
                    }
                    shapes.put(key, made);
                }
            }
        }
        statement.cacheCompilation(owner, compiled);
        return compiled;
    }

    /** How many statements were compiled (misses of both caches), for monitoring and tests. */
    public long compilationCount() {
        return compilations.get();
    }

    private static Template template(CompiledStatement compiled, StatementShape shape) {
        List<BindParameter<?>> walked = shape.binds();
        Map<BindParameter<?>, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < walked.size(); i++) {
            position.putIfAbsent(walked.get(i), i);
        }
        int[] slots = new int[compiled.binds().size()];
        for (int i = 0; i < slots.length; i++) {
            Integer at = position.get(compiled.binds().get(i));
            if (at == null) {
                return null; // the compiler made a parameter of its own: not reusable for another statement
            }
            slots[i] = at;
        }
        List<Expression<?>> sources = shape.columns();
        List<ResultColumn> columns = compiled.columns();
        if (columns == null || columns.size() != sources.size()) {
            return null;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).source() != sources.get(i)) {
                return null;
            }
        }
        return new Template(compiled, slots, columns.size());
    }

    private static CompiledStatement instantiate(Template t, StatementShape shape) {
        List<BindParameter<?>> walked = shape.binds();
        List<BindParameter<?>> binds = new ArrayList<>(t.slots.length);
        for (int slot : t.slots) {
            binds.add(walked.get(slot));
        }
        return t.compiled.withValues(List.copyOf(binds), shape.columns());
    }
}
