package io.kalchemy.orm;

import io.kalchemy.errors.MappingError;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.ReferentialAction;
import io.kalchemy.schema.Table;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.Select;
import io.kalchemy.sql.Sql;
import io.kalchemy.types.SqlType;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A relationship between two mapped classes: many-to-one (a reference held through a foreign-key
 * property), one-to-many (the inverse collection) or many-to-many (a collection through an
 * association table). Resolved against the target class on first use; immutable after that.
 */
public final class Relationship {
    /** The kind of relationship. */
    public enum Kind { MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }

    private final Mapper<?> owner;
    private final String name;
    private final Kind kind;
    private final Class<?> targetType;
    private final Class<?> fieldType;
    private final PropertyAccessor accessor;
    private final Set<Cascade> cascade;
    private final Load load;
    private final boolean passiveDeletes;
    private final String orderBy;
    private final String foreignKeyName;
    private final String mappedBy;
    private final ManyToMany manyToMany;

    private volatile boolean resolved;
    /** The shared, immutable placeholder of this collection when unloaded (built once: it is a proxy). */
    private volatile Object unloaded;
    private Mapper<?> target;
    /** MANY_TO_ONE: the owner's FK properties; ONE_TO_MANY: the target's (in the referenced key's order). */
    private PropertyMapping[] foreignKeys;
    /** The relationship on the other side that mirrors this one, or null. */
    private Relationship inverse;
    private Table association;
    private Column<Object> ownerColumn;
    private Column<Object> targetColumn;
    private boolean owningSide;

    Relationship(Mapper<?> owner, String name, Kind kind, Class<?> targetType, Class<?> fieldType, PropertyAccessor accessor,
                 Cascade[] cascade, Load load, boolean passiveDeletes, String orderBy, String foreignKeyName, String mappedBy,
                 ManyToMany manyToMany) {
        this.owner = owner;
        this.name = name;
        this.kind = kind;
        this.targetType = targetType;
        this.fieldType = fieldType;
        this.accessor = accessor;
        EnumSet<Cascade> c = EnumSet.noneOf(Cascade.class);
        for (Cascade x : cascade) {
            if (x == Cascade.ALL) {
                c.addAll(EnumSet.of(Cascade.SAVE_UPDATE, Cascade.MERGE, Cascade.DELETE));
            } else {
                c.add(x);
            }
        }
        this.cascade = c;
        this.load = load;
        this.passiveDeletes = passiveDeletes;
        this.orderBy = orderBy;
        this.foreignKeyName = foreignKeyName;
        this.mappedBy = mappedBy;
        this.manyToMany = manyToMany;
        if (kind == Kind.MANY_TO_ONE && load == Load.RAISE) {
            throw new MappingError(where() + ": a reference cannot raise when unloaded (reading a field cannot be"
                    + " intercepted); use Load.SELECTIN or Load.NOLOAD");
        }
    }

    private String where() {
        return owner.type().getName() + "." + name;
    }

    /** Finds the target mapper, foreign key, inverse side and association table (once). */
    synchronized void resolve(Registry registry) {
        if (resolved) {
            return;
        }
        target = registry.mapper(targetType);
        switch (kind) {
            case MANY_TO_ONE -> {
                String[] names = foreignKeyName.split("\\s*,\\s*");
                foreignKeys = new PropertyMapping[names.length];
                for (int i = 0; i < names.length; i++) {
                    foreignKeys[i] = owner.property(names[i].trim());
                }
                if (foreignKeys.length != target.keyProperties().size()) {
                    throw new MappingError(where() + ": foreignKey names " + foreignKeys.length + " properties but "
                            + targetType.getName() + "'s key has " + target.keyProperties().size() + " parts; name them in key order");
                }
            }
            case ONE_TO_MANY -> {
                Relationship back = target.relationshipOrNull(mappedBy);
                if (back == null || back.kind != Kind.MANY_TO_ONE || back.targetType != owner.type()) {
                    throw new MappingError(where() + ": mappedBy = \"" + mappedBy + "\" must name a @ManyToOne property of "
                            + targetType.getName() + " that refers to " + owner.type().getSimpleName());
                }
                back.resolve(registry);
                foreignKeys = back.foreignKeys;
                inverse = back;
                back.inverse = this;
            }
            case MANY_TO_MANY -> resolveAssociation(registry);
        }
        resolved = true;
    }

    private void requireSingleKey(Mapper<?> m) {
        if (m.keyProperties().size() != 1) {
            throw new MappingError(where() + ": relationships to classes with composite keys are not supported yet ("
                    + m.type().getName() + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private void resolveAssociation(Registry registry) {
        requireSingleKey(owner);
        requireSingleKey(target);
        if (!mappedBy.isEmpty()) {
            Relationship other = target.relationshipOrNull(mappedBy);
            if (other == null || other.kind != Kind.MANY_TO_MANY) {
                throw new MappingError(where() + ": mappedBy = \"" + mappedBy + "\" must name a @ManyToMany of " + targetType.getName());
            }
            other.resolve(registry);
            association = other.association;
            ownerColumn = other.targetColumn;
            targetColumn = other.ownerColumn;
            inverse = other;
            other.inverse = this;
            owningSide = false;
            return;
        }
        if (manyToMany.table().isEmpty() || manyToMany.joinColumn().isEmpty() || manyToMany.inverseJoinColumn().isEmpty()) {
            throw new MappingError(where() + ": @ManyToMany needs table, joinColumn and inverseJoinColumn (or mappedBy)");
        }
        owningSide = true;
        if (registry.metadata().contains(manyToMany.table())) {
            association = registry.metadata().get(manyToMany.table());
            ownerColumn = association.column(manyToMany.joinColumn());
            targetColumn = association.column(manyToMany.inverseJoinColumn());
            return;
        }
        Table t = new Table(manyToMany.table());
        PropertyMapping ok = owner.keyProperties().get(0);
        PropertyMapping tk = target.keyProperties().get(0);
        ownerColumn = (Column<Object>) t.column(manyToMany.joinColumn(), (SqlType<Object>) ok.type()).notNull();
        targetColumn = (Column<Object>) t.column(manyToMany.inverseJoinColumn(), (SqlType<Object>) tk.type()).notNull();
        t.primaryKey(ownerColumn, targetColumn);
        t.foreignKey(null, List.of(ownerColumn), List.of(ok.column()), ReferentialAction.CASCADE, ReferentialAction.NO_ACTION);
        t.foreignKey(null, List.of(targetColumn), List.of(tk.column()), ReferentialAction.CASCADE, ReferentialAction.NO_ACTION);
        t.index("ix_" + t.name() + "_" + targetColumn.name(), targetColumn);
        registry.metadata().add(t);
        association = t;
    }

    /** The owning class's mapper. */
    public Mapper<?> owner() {
        return owner;
    }

    /** The property's name. */
    public String name() {
        return name;
    }

    /** Which kind it is. */
    public Kind kind() {
        return kind;
    }

    /** The related class's mapper. */
    public Mapper<?> target() {
        return target;
    }

    /** True for the collection kinds. */
    public boolean isCollection() {
        return kind != Kind.MANY_TO_ONE;
    }

    /** The default loading strategy. */
    public Load load() {
        return load;
    }

    /** True when {@code c} applies (ALL expanded). */
    public boolean cascades(Cascade c) {
        return cascade.contains(c);
    }

    boolean passiveDeletes() {
        return passiveDeletes;
    }

    String orderBy() {
        return orderBy;
    }

    /** The first foreign-key property (the only one unless the key is composite). */
    PropertyMapping foreignKey() {
        return foreignKeys[0];
    }

    PropertyMapping[] foreignKeys() {
        return foreignKeys;
    }

    /** The foreign-key value of {@code entity}: the value, a list for composite keys, or null when incomplete. */
    Object fkValue(Object entity) {
        if (foreignKeys.length == 1) {
            return foreignKeys[0].get(entity);
        }
        Object[] parts = new Object[foreignKeys.length];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = foreignKeys[i].get(entity);
            if (parts[i] == null) {
                return null;
            }
        }
        return List.of(parts);
    }

    /** Sets the foreign-key properties of {@code entity} from a key (value or list; null clears them). */
    void setFk(Object entity, Object key) {
        if (foreignKeys.length == 1) {
            foreignKeys[0].set(entity, key);
            return;
        }
        List<?> parts = (List<?>) key;
        for (int i = 0; i < foreignKeys.length; i++) {
            foreignKeys[i].set(entity, parts == null ? null : parts.get(i));
        }
    }

    /** True when every foreign-key column accepts NULL. */
    boolean fkNullable() {
        for (PropertyMapping p : foreignKeys) {
            if (!p.column().isNullable()) {
                return false;
            }
        }
        return true;
    }

    /** {@code columns} equal to one of {@code keys} (values, or lists for composite keys). */
    @SuppressWarnings("unchecked")
    static Expression<Boolean> matches(List<Column<Object>> columns, List<Object> keys) {
        if (columns.size() == 1) {
            return columns.get(0).in(keys);
        }
        List<Expression<Boolean>> any = new java.util.ArrayList<>(keys.size());
        for (Object k : keys) {
            List<?> parts = (List<?>) k;
            List<Expression<Boolean>> all = new java.util.ArrayList<>(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                all.add(columns.get(i).eq(parts.get(i)));
            }
            any.add(Sql.and(all));
        }
        return Sql.or(any);
    }

    List<Column<Object>> fkColumns() {
        List<Column<Object>> out = new java.util.ArrayList<>();
        for (PropertyMapping p : foreignKeys) {
            out.add(p.column());
        }
        return out;
    }

    static List<Column<Object>> keyColumns(Mapper<?> m) {
        List<Column<Object>> out = new java.util.ArrayList<>();
        for (PropertyMapping p : m.keyProperties()) {
            out.add(p.column());
        }
        return out;
    }

    /** Foreign-key columns equal to the key columns they reference (ON / EXISTS conditions). */
    @SuppressWarnings("unchecked")
    private Expression<Boolean> fkEqualsKey(Mapper<?> referenced) {
        List<Column<Object>> keys = keyColumns(referenced);
        List<Expression<Boolean>> parts = new java.util.ArrayList<>();
        for (int i = 0; i < foreignKeys.length; i++) {
            parts.add(foreignKeys[i].column().eq((Expression<Object>) keys.get(i)));
        }
        return Sql.and(parts);
    }

    Relationship inverse() {
        return inverse;
    }

    Table association() {
        return association;
    }

    Column<Object> ownerColumn() {
        return ownerColumn;
    }

    Column<Object> targetColumn() {
        return targetColumn;
    }

    boolean owningSide() {
        return owningSide;
    }

    /** This collection's unloaded placeholder, one instance for every owner (see {@link UnloadedCollection}). */
    Object unloadedPlaceholder() {
        Object u = unloaded;
        if (u == null) {
            u = UnloadedCollection.of(fieldType, this);
            unloaded = u;
        }
        return u;
    }

    /**
     * True when {@code value}, this relationship's field value, is an unloaded placeholder; every
     * per-object check of the flush, the stream detach and merge goes through here. The loaders
     * only ever set this relationship's own placeholder, so an identity check answers first;
     * {@link UnloadedCollection#isUnloaded}'s two proxy-class lookups were 75 of W5's 1,730
     * streaming samples.
     */
    boolean isUnloadedValue(Object value) {
        return value != null && (value == unloaded || UnloadedCollection.isUnloaded(value));
    }

    Class<?> fieldType() {
        return fieldType;
    }

    Object get(Object entity) {
        return accessor.get(entity);
    }

    void set(Object entity, Object value) {
        accessor.set(entity, value);
    }

    /** True when the entity's collection (or reference) holds loaded data rather than an unloaded sentinel. */
    boolean isLoaded(Object entity) {
        Object v = accessor.get(entity);
        return !(v instanceof Collection<?> && isUnloadedValue(v));
    }

    /**
     * The join condition between owner and target: for {@code select(users).join(posts, rel.joinCondition())}.
     * For many-to-many it joins the target to the association table (join that table first).
     */
    @SuppressWarnings("unchecked")
    public Expression<Boolean> joinCondition() {
        return switch (kind) {
            case MANY_TO_ONE -> fkEqualsKey(target);
            case ONE_TO_MANY -> fkEqualsKey(owner);
            case MANY_TO_MANY -> targetColumn.eq((Expression<Object>) target.keyProperties().get(0).column());
        };
    }

    /**
     * {@code EXISTS (SELECT 1 FROM target WHERE target relates to owner [AND condition])}: owners
     * with at least one related object matching (SQLAlchemy's {@code any()} / {@code has()}).
     */
    @SuppressWarnings("unchecked")
    public Expression<Boolean> any(Expression<Boolean> condition) {
        Select inner = switch (kind) {
            case MANY_TO_ONE -> Sql.select(Sql.literal(1)).from(target).where(fkEqualsKey(target));
            case ONE_TO_MANY -> Sql.select(Sql.literal(1)).from(target).where(fkEqualsKey(owner));
            case MANY_TO_MANY -> Sql.select(Sql.literal(1)).from(association)
                    .join(target, targetColumn.eq((Column<Object>) (Object) target.keyProperties().get(0).column()))
                    .where(ownerColumn.eq((Column<Object>) (Object) owner.keyProperties().get(0).column()));
        };
        return condition == null ? inner.exists() : inner.where(condition).exists();
    }

    /** Owners with at least one related object. */
    public Expression<Boolean> any() {
        return any(null);
    }

    @Override
    public String toString() {
        return owner.type().getSimpleName() + "." + name + " (" + kind + " " + targetType.getSimpleName() + ")";
    }
}
