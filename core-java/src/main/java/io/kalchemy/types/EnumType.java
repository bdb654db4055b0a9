package io.kalchemy.types;

import io.kalchemy.errors.DataError;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/**
 * An enum stored by constant name under VARCHAR(n), n being the longest name: SQLAlchemy's
 * non-native {@code Enum}. Reading a name no constant has raises {@link DataError} naming the
 * enum class and the text.
 *
 * @param <E> the enum class
 */
public final class EnumType<E extends Enum<E>> extends BaseType<E> {
    private final Map<String, E> byName;

    EnumType(Class<E> enumClass) {
        super(enumClass, "VARCHAR(" + longestName(enumClass) + ")");
        E[] constants = enumClass.getEnumConstants();
        byName = new HashMap<>(constants.length * 2);
        for (E e : constants) {
            byName.put(e.name(), e);
        }
    }

    private static int longestName(Class<? extends Enum<?>> c) {
        int max = 1;
        for (Enum<?> e : c.getEnumConstants()) {
            max = Math.max(max, e.name().length());
        }
        return max;
    }

    @Override
    public void bind(PreparedStatement statement, int index, E value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value.name());
        }
    }

    @Override
    public E read(ResultSet row, int index) throws SQLException {
        String name = row.getString(index);
        return name == null ? null : byName(name);
    }

    private E byName(String name) {
        E e = byName.get(name);
        if (e == null) {
            throw new DataError("'" + name + "' is not a constant of enum " + javaType().getName()
                    + " (known: " + byName.keySet() + ")");
        }
        return e;
    }

    @Override
    public E coerce(Object value) {
        return value instanceof String s ? byName(s) : super.coerce(value);
    }
}
