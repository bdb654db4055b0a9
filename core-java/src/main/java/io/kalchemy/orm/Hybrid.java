package io.kalchemy.orm;

import io.kalchemy.sql.Expression;

import java.util.function.Function;

/**
 * A computed property usable on objects and in SQL, SQLAlchemy's hybrid property: one function
 * computes it from an object, another builds the same computation as an expression over the
 * mapped columns.
 *
 * <pre>{@code
 * static final Hybrid<User, String> DISPLAY = Hybrid.of(User.class,
 *     u -> u.getName() + " <" + u.getEmail() + ">",
 *     m -> m.<String>column("name").concat(" <").concat(m.<String>column("email")).concat(">"));
 * DISPLAY.get(user);                                     // on an object
 * select(DISPLAY.expression()).where(DISPLAY.expression().like("%Ann%"))   // in SQL
 * }</pre>
 *
 * @param <E> the entity class
 * @param <T> the property's type
 */
public final class Hybrid<E, T> {
    private final Class<E> type;
    private final Function<? super E, ? extends T> onObject;
    private final Function<Mapper<E>, Expression<T>> inSql;
    private final Registry registry;
    private volatile Expression<T> expression;

    private Hybrid(Class<E> type, Function<? super E, ? extends T> onObject, Function<Mapper<E>, Expression<T>> inSql,
                   Registry registry) {
        this.type = type;
        this.onObject = onObject;
        this.inSql = inSql;
        this.registry = registry;
    }

    /** A hybrid of {@code type} mapped in the global registry. */
    public static <E, T> Hybrid<E, T> of(Class<E> type, Function<? super E, ? extends T> onObject,
                                         Function<Mapper<E>, Expression<T>> inSql) {
        return new Hybrid<>(type, onObject, inSql, Registry.global());
    }

    /** A hybrid of {@code type} mapped in {@code registry}. */
    public static <E, T> Hybrid<E, T> of(Registry registry, Class<E> type, Function<? super E, ? extends T> onObject,
                                         Function<Mapper<E>, Expression<T>> inSql) {
        return new Hybrid<>(type, onObject, inSql, registry);
    }

    /** The value computed from {@code entity}. */
    public T get(E entity) {
        return onObject.apply(entity);
    }

    /** The SQL expression computing the same value (built once). */
    public Expression<T> expression() {
        Expression<T> e = expression;
        if (e == null) {
            e = inSql.apply(registry.mapper(type));
            expression = e;
        }
        return e;
    }
}
