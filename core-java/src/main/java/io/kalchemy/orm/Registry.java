package io.kalchemy.orm;

import io.kalchemy.errors.MappingError;
import io.kalchemy.schema.MetaData;
import io.kalchemy.schema.Table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mapped classes of an application and the {@link MetaData} holding their tables,
 * SQLAlchemy's {@code registry}. Mappers are built on first use and then shared; lookups are
 * lock-free. Most applications use the {@link #global()} registry.
 */
public final class Registry {
    private static final Registry GLOBAL = new Registry();

    private final MetaData metadata = new MetaData();
    private final Map<Class<?>, Mapper<?>> mappers = new ConcurrentHashMap<>();
    /** Mappers registered by the build in progress (with those its foreign keys pulled in). */
    private final Map<Class<?>, Mapper<?>> building = new HashMap<>();
    private int depth;

    /** Creates an empty registry (for applications that keep several schemas apart). */
    public Registry() {
    }

    /** The registry used when none is given. */
    public static Registry global() {
        return GLOBAL;
    }

    /**
     * The mapper of {@code type}, built on first use (with the mappers of the classes its foreign
     * keys reference).
     *
     * @throws MappingError naming the class and property when the class cannot be mapped
     */
    @SuppressWarnings("unchecked")
    public <E> Mapper<E> mapper(Class<E> type) {
        Mapper<?> m = mappers.get(type);
        if (m != null) {
            return (Mapper<E>) m;
        }
        synchronized (this) {
            m = mappers.get(type);
            if (m == null) {
                m = building.get(type);
            }
            if (m != null) {
                return (Mapper<E>) m;
            }
            boolean outermost = depth++ == 0;
            boolean ok = false;
            try {
                Mapper<E> built = MapperBuilder.build(this, type, this::register);
                ok = true;
                return built;
            } finally {
                depth--;
                if (outermost) {
                    if (ok) {
                        mappers.putAll(building);
                    } else {
                        for (Mapper<?> half : building.values()) {
                            metadata.remove(half.table().name());
                        }
                    }
                    building.clear();
                }
            }
        }
    }

    private void register(Mapper<?> mapper) {
        if (metadata.contains(mapper.table().name())) {
            Table existing = metadata.get(mapper.table().name());
            throw new MappingError("class " + mapper.type().getName() + " maps to table '" + mapper.table().name()
                    + "', which is already mapped by another class (" + existing + ")");
        }
        metadata.add(mapper.table());
        building.put(mapper.type(), mapper);
    }

    /** The mapper whose table is {@code table}, or null when no class maps to it. */
    public Mapper<?> mapperForTable(io.kalchemy.sql.NamedTable table) {
        for (Mapper<?> m : mappers.values()) {
            if (m.table() == table) {
                return m;
            }
        }
        return null;
    }

    /** The tables of every class mapped so far. */
    public MetaData metadata() {
        return metadata;
    }

    /**
     * The tables of {@code types} (mapping them if needed) and the association tables of their
     * many-to-many relationships, for {@code connection.create(...)}.
     */
    public List<Table> tables(Class<?>... types) {
        List<Table> out = new ArrayList<>();
        for (Class<?> t : types) {
            out.add(mapper(t).table());
        }
        for (Class<?> t : types) {
            for (Relationship r : mapper(t).relationships()) {
                if (r.kind() == Relationship.Kind.MANY_TO_MANY && !out.contains(r.association())) {
                    out.add(r.association());
                }
            }
        }
        return out;
    }
}
