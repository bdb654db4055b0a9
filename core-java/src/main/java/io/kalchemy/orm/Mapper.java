package io.kalchemy.orm;

import io.kalchemy.errors.ArgumentError;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.Table;
import io.kalchemy.sql.BindParameter;
import io.kalchemy.sql.ColumnExpression;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.FromItem;
import io.kalchemy.sql.Select;
import io.kalchemy.sql.Sql;
import io.kalchemy.sql.SqlVisitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A mapped class: its {@link Table}, its properties with their columns and pre-built accessors,
 * its primary key, and how to create instances. Get one with {@link Registry#mapper(Class)} or
 * {@link Mapper#of(Class)}. A mapper is a FROM item and a SELECT item, so it stands wherever a
 * table does: {@code select(users).where(users.column("email").eq(x))}, {@code join(posts)}.
 * Immutable after construction and thread-safe.
 *
 * @param <E> the mapped class
 */
public final class Mapper<E> implements FromItem {
    private final Class<E> type;
    private final Table table;
    private final List<PropertyMapping> properties;
    private final PropertyMapping[] props;
    private final PropertyMapping[] keys;
    private final PropertyMapping generatedKey;
    private final PropertyMapping version;
    private final boolean primitiveGeneratedKey;
    private final Instantiator instantiator;
    private final Map<String, PropertyMapping> byName = new HashMap<>();
    private volatile Select selectByKey;
    private List<Relationship> relationships = List.of();
    private Registry registry;
    private volatile boolean relationshipsResolved;
    private final Map<Object, Object> statementCache = new java.util.concurrent.ConcurrentHashMap<>();

    Mapper(Class<E> type, Table table, List<PropertyMapping> properties, Instantiator instantiator) {
        this.type = type;
        this.table = table;
        this.properties = List.copyOf(properties);
        this.props = properties.toArray(new PropertyMapping[0]);
        List<PropertyMapping> k = new ArrayList<>();
        PropertyMapping v = null;
        for (PropertyMapping p : props) {
            byName.put(p.name(), p);
            if (p.isId()) {
                k.add(p);
            }
            if (p.isVersion()) {
                v = p;
            }
        }
        this.keys = k.toArray(new PropertyMapping[0]);
        this.version = v;
        this.generatedKey = keys.length == 1 && keys[0].column().isGeneratedKey() ? keys[0] : null;
        this.primitiveGeneratedKey = generatedKey != null && generatedKey.javaType().isPrimitive();
        this.instantiator = instantiator;
    }

    void setRelationships(Registry registry, List<Relationship> relationships) {
        this.registry = registry;
        this.relationships = List.copyOf(relationships);
    }

    /** The relationships, resolved against their target classes on first call. */
    public List<Relationship> relationships() {
        if (!relationshipsResolved) {
            for (Relationship r : relationships) {
                r.resolve(registry);
            }
            relationshipsResolved = true;
        }
        return relationships;
    }

    /** True when a property has an on-update value (checked at every update of a row, so computed once). */
    boolean hasOnUpdate() {
        Boolean h = hasOnUpdate;
        if (h == null) {
            h = false;
            for (PropertyMapping p : props) {
                h |= p.column().onUpdate() != null;
            }
            hasOnUpdate = h;
        }
        return h;
    }

    private volatile Boolean hasOnUpdate;

    /** True when the class owns a many-to-many relationship, so its flush writes association rows (computed once). */
    boolean ownsManyToMany() {
        return roles().ownsManyToMany();
    }

    /**
     * The relationships sorted by what the per-object passes ask of them (computed once, after they
     * resolve): the stream's release and the loader run these for every row, and walking arrays
     * instead of the list's iterator was a twentieth of a million-row stream (issue 19).
     *
     * @param manyToOne the many-to-one references, whose moves the dirty check looks for
     * @param collections the collection relationships
     * @param raising the relationships that raise until loaded ({@link Load#RAISE})
     * @param noneLoadsByDefault true when no relationship loads by default ({@link Load#SELECTIN}),
     *        so without loader options an object loaded from a row needs only its placeholders
     * @param ownsManyToMany true when the class owns a many-to-many, so its flush writes association rows
     */
    record RelationshipRoles(Relationship[] manyToOne, Relationship[] collections, Relationship[] raising, boolean noneLoadsByDefault,
                             boolean ownsManyToMany) {
    }

    private volatile RelationshipRoles roles;

    /** {@link RelationshipRoles} of this class, resolving its relationships on first call. */
    RelationshipRoles roles() {
        RelationshipRoles r = roles;
        if (r == null) {
            List<Relationship> manyToOne = new ArrayList<>();
            List<Relationship> collections = new ArrayList<>();
            List<Relationship> raising = new ArrayList<>();
            boolean noneLoads = true;
            boolean owns = false;
            for (Relationship rel : relationships()) {
                if (rel.kind() == Relationship.Kind.MANY_TO_ONE) {
                    manyToOne.add(rel);
                }
                if (rel.isCollection()) {
                    collections.add(rel);
                }
                if (rel.load() == Load.RAISE) {
                    raising.add(rel);
                }
                noneLoads &= rel.load() != Load.SELECTIN;
                owns |= rel.kind() == Relationship.Kind.MANY_TO_MANY && rel.owningSide();
            }
            r = new RelationshipRoles(manyToOne.toArray(new Relationship[0]), collections.toArray(new Relationship[0]),
                    raising.toArray(new Relationship[0]), noneLoads, owns);
            roles = r;
        }
        return r;
    }

    /** True when the class declares relationships (without resolving them). */
    boolean hasRelationships() {
        return !relationships.isEmpty();
    }

    Relationship relationshipOrNull(String name) {
        for (Relationship r : relationships) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The relationship property {@code name}, resolved.
     *
     * @throws ArgumentError naming the class and its relationships when there is none
     */
    public Relationship relationship(String name) {
        relationships();
        Relationship r = relationshipOrNull(name);
        if (r == null) {
            throw new ArgumentError(type.getName() + " has no relationship '" + name + "'; relationships are "
                    + relationships.stream().map(Relationship::name).toList());
        }
        return r;
    }

    /** The mapper of {@code type} in the {@link Registry#global() global registry}. */
    public static <E> Mapper<E> of(Class<E> type) {
        return Registry.global().mapper(type);
    }

    /** The mapped class. */
    public Class<E> type() {
        return type;
    }

    /** The table the class maps to. */
    public Table table() {
        return table;
    }

    /** The mapped properties in column order. */
    public List<PropertyMapping> properties() {
        return properties;
    }

    PropertyMapping[] propertyArray() {
        return props;
    }

    /** The primary-key properties in key order. */
    public List<PropertyMapping> keyProperties() {
        return Collections.unmodifiableList(Arrays.asList(keys));
    }

    PropertyMapping[] keyArray() {
        return keys;
    }

    /** The single database-generated key property, or null. */
    public PropertyMapping generatedKey() {
        return generatedKey;
    }

    /** The {@code @Version} property, or null. */
    public PropertyMapping versionProperty() {
        return version;
    }

    /**
     * The mapping of {@code property}.
     *
     * @throws ArgumentError naming the class and its properties when there is none
     */
    public PropertyMapping property(String property) {
        PropertyMapping p = byName.get(property);
        if (p == null) {
            throw new ArgumentError(type.getName() + " has no mapped property '" + property + "'; mapped properties are "
                    + properties.stream().map(PropertyMapping::name).toList());
        }
        return p;
    }

    /**
     * The column of {@code property}, usable in statements: {@code users.column("email").eq(x)}.
     *
     * @throws ArgumentError when the class has no such mapped property
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> Column<T> column(String property) {
        PropertyMapping p = byName.get(property);
        if (p == null) {
            // allow the column's own name too, as for a table
            for (PropertyMapping q : props) {
                if (q.column().name().equalsIgnoreCase(property)) {
                    return (Column<T>) q.column();
                }
            }
            property(property); // throws with the list of properties
        }
        return (Column<T>) p.column();
    }

    /** True when the entity's generated key has not been assigned yet (null, or 0 for a primitive). */
    boolean needsGeneratedKey(Object entity) {
        if (generatedKey == null) {
            return false;
        }
        Object v = generatedKey.get(entity);
        return v == null || (primitiveGeneratedKey && ((Number) v).longValue() == 0);
    }

    /** The entity's identity (key value, or a list for composite keys), or null when incomplete. */
    Object identityOf(Object entity) {
        if (keys.length == 1) {
            if (needsGeneratedKey(entity)) {
                return null;
            }
            return keys[0].get(entity);
        }
        Object[] parts = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            parts[i] = keys[i].get(entity);
            if (parts[i] == null) {
                return null;
            }
        }
        return List.of(parts);
    }

    /** The identity held in a row of this mapper's column values starting at {@code offset}, or null. */
    Object identityOfValues(Object[] values, int offset) {
        if (keys.length == 1) {
            return values[offset + keys[0].index()];
        }
        Object[] parts = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            parts[i] = values[offset + keys[i].index()];
            if (parts[i] == null) {
                return null;
            }
        }
        return List.of(parts);
    }

    /**
     * Turns a user-given id (a value, an array or a list for composite keys) into an identity.
     *
     * @throws ArgumentError when it does not fit the key
     */
    Object normalizeKey(Object id) {
        if (id == null) {
            throw new ArgumentError("primary key of " + type.getSimpleName() + " must not be null");
        }
        if (keys.length == 1) {
            Object single = id instanceof Object[] a && a.length == 1 ? a[0] : id instanceof List<?> l && l.size() == 1 ? l.get(0) : id;
            return coerceKey(keys[0], single);
        }
        List<?> parts = id instanceof Object[] a ? Arrays.asList(a) : id instanceof List<?> l ? l : null;
        if (parts == null || parts.size() != keys.length) {
            throw new ArgumentError(type.getSimpleName() + " has a composite key of " + keys.length + " parts "
                    + keyProperties().stream().map(PropertyMapping::name).toList() + "; pass them as an array or list, got " + id);
        }
        Object[] out = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = coerceKey(keys[i], parts.get(i));
        }
        return List.of(out);
    }

    private Object coerceKey(PropertyMapping key, Object value) {
        try {
            Object v = key.type().coerce(value);
            if (v == null) {
                throw new ArgumentError("primary key part " + type.getSimpleName() + "." + key.name() + " must not be null");
            }
            return v;
        } catch (RuntimeException e) {
            if (e instanceof ArgumentError) {
                throw e;
            }
            throw new ArgumentError("'" + value + "' is not a valid key for " + type.getSimpleName() + "." + key.name()
                    + " (" + key.type() + "): " + e.getMessage(), e);
        }
    }

    /** Key values in key order for an identity. */
    Object[] keyValues(Object identity) {
        if (keys.length == 1) {
            return new Object[]{identity};
        }
        return ((List<?>) identity).toArray();
    }

    /** Creates an entity from this mapper's column values (property order) starting at {@code offset}. */
    @SuppressWarnings("unchecked")
    E instantiate(Object[] values, int offset) {
        Object e = instantiator.create(values, offset);
        for (PropertyMapping p : props) {
            if (!instantiator.setByConstructor(p.index())) {
                set(p, e, values, offset);
            }
        }
        return (E) e;
    }

    /** Overwrites every mapped property of {@code entity} with the values starting at {@code offset}. */
    void populate(Object entity, Object[] values, int offset) {
        for (PropertyMapping p : props) {
            set(p, entity, values, offset);
        }
    }

    /** Sets one loaded property; a NULL for a non-nullable property is a DataError, not a raw NullPointerException. */
    private void set(PropertyMapping p, Object entity, Object[] values, int offset) {
        Object value = values[offset + p.index()];
        try {
            p.set(entity, value);
        } catch (NullPointerException e) {
            if (value != null) {
                throw e;
            }
            StringBuilder key = new StringBuilder();
            for (PropertyMapping k : keys) {
                key.append(key.length() == 0 ? "" : ", ").append(k.column().name()).append('=').append(values[offset + k.index()]);
            }
            throw new io.kalchemy.errors.DataError("cannot load " + type.getSimpleName() + "." + p.name() + ": column "
                    + table.name() + "." + p.column().name() + " of the row with " + key + " is NULL, and the property is "
                    + "not nullable (make it nullable, or give the column NOT NULL)", e);
        }
    }

    /** The current values of every mapped property of {@code entity}, in property order. */
    Object[] snapshot(Object entity) {
        Object[] out = new Object[props.length];
        for (int i = 0; i < props.length; i++) {
            out[i] = props[i].get(entity);
        }
        return out;
    }

    /** {@code SELECT <all columns> FROM table WHERE key = :k0 [AND ...]}, built once. */
    Select selectByKey() {
        Select s = selectByKey;
        if (s == null) {
            List<Expression<Boolean>> where = new ArrayList<>();
            for (int i = 0; i < keys.length; i++) {
                where.add(keys[i].column().eq(BindParameter.named("k" + i, keys[i].type())));
            }
            s = Sql.select(this).where(Sql.and(where));
            selectByKey = s;
        }
        return s;
    }

    /** Statements the unit of work built for this mapper, by kind and shape. */
    Map<Object, Object> statementCache() {
        return statementCache;
    }

    /** An instance from a constructor with the given property values (for merge and bulk results). */
    E newInstance(Object[] values) {
        return instantiate(values, 0);
    }

    // ---- FromItem -----------------------------------------------------------------------------

    @Override
    public String name() {
        return table.name();
    }

    @Override
    public List<? extends ColumnExpression<?>> columns() {
        return table.columns();
    }

    @Override
    public Expression<Boolean> joinConditionTo(FromItem other) {
        return table.joinConditionTo(other instanceof Mapper<?> m ? m.table : other);
    }

    @Override
    public boolean covers(FromItem candidate) {
        return candidate == this || candidate == table;
    }

    @Override
    public void accept(SqlVisitor visitor) {
        visitor.visitTable(table);
    }

    @Override
    public String toString() {
        return "Mapper(" + type.getSimpleName() + " -> " + table.name() + ")";
    }
}
