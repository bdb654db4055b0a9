package io.kalchemy.orm;

import io.kalchemy.errors.MappingError;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.Table;
import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Reads a class's fields, accessors and annotations and builds its {@link Mapper} and
 * {@link Table}, failing with a {@link MappingError} that names the class and property for every
 * mistake. Runs once per class; all reflection happens here.
 */
final class MapperBuilder {
    private static final List<PropertyMetadataProvider> PROVIDERS = loadProviders();
    private static final List<ColumnTypeProvider> TYPE_PROVIDERS = loadTypeProviders();

    private static List<ColumnTypeProvider> loadTypeProviders() {
        List<ColumnTypeProvider> out = new ArrayList<>();
        for (ColumnTypeProvider p : ServiceLoader.load(ColumnTypeProvider.class, MapperBuilder.class.getClassLoader())) {
            out.add(p);
        }
        return List.copyOf(out);
    }

    private final Registry registry;
    private final Class<?> type;
    private final PropertyMetadataProvider provider;

    private MapperBuilder(Registry registry, Class<?> type) {
        this.registry = registry;
        this.type = type;
        PropertyMetadataProvider found = null;
        for (PropertyMetadataProvider p : PROVIDERS) {
            if (p.supports(type)) {
                found = p;
                break;
            }
        }
        this.provider = found;
    }

    private static List<PropertyMetadataProvider> loadProviders() {
        List<PropertyMetadataProvider> out = new ArrayList<>();
        for (PropertyMetadataProvider p : ServiceLoader.load(PropertyMetadataProvider.class, MapperBuilder.class.getClassLoader())) {
            out.add(p);
        }
        return List.copyOf(out);
    }

    /** A property found on the class before it becomes a column. */
    private record Candidate(String name, Field field, Method getter, Method setter, Class<?> javaType) {
        <A extends Annotation> A annotation(Class<A> a) {
            A found = field == null ? null : field.getAnnotation(a);
            if (found == null && getter != null) {
                found = getter.getAnnotation(a);
            }
            return found;
        }
    }

    static <E> Mapper<E> build(Registry registry, Class<E> type, java.util.function.Consumer<Mapper<?>> register) {
        return new MapperBuilder(registry, type).build(type, register);
    }

    private String where(String property) {
        return type.getName() + "." + property;
    }

    private <E> Mapper<E> build(Class<E> cls, java.util.function.Consumer<Mapper<?>> register) {
        if (cls.isRecord()) {
            throw new MappingError("class " + cls.getName() + " is a record: records are immutable and cannot be mapped as"
                    + " entities; use it as a query result instead: session.execute(select(...)).into(" + cls.getSimpleName() + ".class)");
        }
        if (cls.isInterface() || cls.isEnum() || Modifier.isAbstract(cls.getModifiers()) || cls.isPrimitive() || cls.isArray()) {
            throw new MappingError("class " + cls.getName() + " cannot be mapped: only concrete classes can be entities");
        }
        io.kalchemy.orm.Entity tableAnnotation = cls.getAnnotation(io.kalchemy.orm.Entity.class);
        if (tableAnnotation == null) {
            throw new MappingError("class " + cls.getName() + " is not mapped: annotate it with @io.kalchemy.orm.Entity");
        }
        String tableName = tableAnnotation.value().isEmpty() ? NamingConvention.snakeCase(cls.getSimpleName()) : tableAnnotation.value();
        List<Candidate> all = discover();
        List<Candidate> candidates = new ArrayList<>();
        List<Candidate> relationshipFields = new ArrayList<>();
        for (Candidate c : all) {
            if (c.annotation(OneToMany.class) != null || c.annotation(ManyToOne.class) != null || c.annotation(ManyToMany.class) != null) {
                relationshipFields.add(c);
            } else {
                candidates.add(c);
            }
        }
        Table table = new Table(tableName);
        List<PropertyMapping> mappings = new ArrayList<>();
        Map<String, String> columnOwners = new HashMap<>();
        List<Column<?>> keyColumns = new ArrayList<>();
        List<Runnable> foreignKeys = new ArrayList<>();
        for (Candidate c : candidates) {
            Column<Object> column = column(table, c, columnOwners);
            boolean id = c.annotation(Id.class) != null;
            boolean version = c.annotation(Version.class) != null;
            if (id && version) {
                throw new MappingError(where(c.name()) + " cannot be both @Id and @Version");
            }
            if (version && !(column.type() == (Object) SqlTypes.LONG || column.type() == (Object) SqlTypes.INTEGER)) {
                throw new MappingError("@Version property " + where(c.name()) + " must be a Long or Int counter, not "
                        + c.javaType().getSimpleName());
            }
            if (id) {
                keyColumns.add(column);
            }
            PropertyAccessor accessor = GeneratedAccessors.accessor(type, c.name(), c.field(), c.getter(), c.setter());
            mappings.add(new PropertyMapping(c.name(), column, accessor, c.javaType(), id, version, mappings.size()));
            References fk = c.annotation(References.class);
            if (fk != null) {
                foreignKeys.add(() -> foreignKey(table, column, c, fk));
            }
        }
        if (keyColumns.isEmpty()) {
            throw new MappingError("class " + cls.getName() + " has no @Id property; mark its primary key (or the parts of a"
                    + " composite key) with @io.kalchemy.orm.Id");
        }
        table.primaryKey(keyColumns.toArray(new Column<?>[0]));
        for (PropertyMapping p : mappings) {
            if (p.isId() && p.column().isNullable() && !p.column().isGeneratedKey()) {
                // primary keys are NOT NULL unless declared otherwise (SQLite's legacy allows NULL keys)
                p.column().nullable(false);
            }
        }
        Mapper<E> mapper = new Mapper<>(cls, table, mappings, instantiator(mappings));
        List<Relationship> relationships = new ArrayList<>();
        for (Candidate c : relationshipFields) {
            relationships.add(relationship(mapper, c));
        }
        mapper.setRelationships(registry, relationships);
        register.accept(mapper);
        for (Runnable fk : foreignKeys) {
            fk.run();
        }
        return mapper;
    }

    /** Fields of the class and its superclasses (top first), with their getters and setters. */
    private List<Candidate> discover() {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        List<Candidate> out = new ArrayList<>();
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod)) {
                    for (Class<? extends Annotation> a : List.of(Id.class, io.kalchemy.orm.MappedColumn.class, Version.class, References.class)) {
                        if (f.isAnnotationPresent(a)) {
                            throw new MappingError("@" + a.getSimpleName() + " on static field " + where(f.getName())
                                    + ": only instance properties can be mapped");
                        }
                    }
                    continue;
                }
                if (f.isSynthetic() || Modifier.isTransient(mod) || f.getName().contains("$")) {
                    continue;
                }
                Method getter = findGetter(c, f);
                Method setter = findSetter(c, f);
                Candidate cand = new Candidate(f.getName(), f, getter, setter, f.getType());
                if (cand.annotation(Transient.class) != null) {
                    for (Class<? extends Annotation> a : List.of(Id.class, io.kalchemy.orm.MappedColumn.class, Version.class)) {
                        if (cand.annotation(a) != null) {
                            throw new MappingError(where(f.getName()) + " is @Transient and @" + a.getSimpleName()
                                    + " at once; remove one of them");
                        }
                    }
                    continue;
                }
                out.add(cand);
            }
        }
        return out;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Method findGetter(Class<?> c, Field f) {
        String n = f.getName();
        List<String> names = new ArrayList<>(List.of("get" + capitalize(n)));
        if (f.getType() == boolean.class || f.getType() == Boolean.class) {
            names.add(n.startsWith("is") && n.length() > 2 && Character.isUpperCase(n.charAt(2)) ? n : "is" + capitalize(n));
        }
        for (String name : names) {
            try {
                Method m = c.getDeclaredMethod(name);
                if (m.getReturnType() == f.getType() && Modifier.isPublic(m.getModifiers())) {
                    return m;
                }
            } catch (NoSuchMethodException ignored) {
                // try the next convention
            }
        }
        return null;
    }

    private static Method findSetter(Class<?> c, Field f) {
        String n = f.getName();
        List<String> names = new ArrayList<>(List.of("set" + capitalize(n)));
        if (n.startsWith("is") && n.length() > 2 && Character.isUpperCase(n.charAt(2))) {
            names.add("set" + n.substring(2)); // Kotlin: var isActive -> setActive
        }
        for (String name : names) {
            try {
                Method m = c.getDeclaredMethod(name, f.getType());
                if (Modifier.isPublic(m.getModifiers())) {
                    return m;
                }
            } catch (NoSuchMethodException ignored) {
                // try the next convention
            }
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Column<Object> column(Table table, Candidate c, Map<String, String> owners) {
        io.kalchemy.orm.MappedColumn spec = c.annotation(io.kalchemy.orm.MappedColumn.class);
        String name = spec != null && !spec.name().isEmpty() ? spec.name() : NamingConvention.snakeCase(c.name());
        String previous = owners.putIfAbsent(name.toLowerCase(Locale.ROOT), c.name());
        if (previous != null) {
            throw new MappingError("properties " + where(previous) + " and " + where(c.name()) + " both map to column '"
                    + name + "'; give one of them @MappedColumn(name = ...)");
        }
        SqlType<Object> sqlType = (SqlType<Object>) sqlType(c, spec);
        Column<Object> column = table.column(name, sqlType);
        boolean id = c.annotation(Id.class) != null;
        Boolean nullable = null;
        if (spec != null && spec.nullable() != Nullability.INFER) {
            nullable = spec.nullable() == Nullability.NULLABLE;
        } else if (c.javaType().isPrimitive() || id || c.annotation(Version.class) != null) {
            nullable = false;
        } else if (provider != null) {
            nullable = provider.nullable(type, c.name());
        }
        if (nullable != null) {
            column.nullable(nullable);
        }
        if (spec != null) {
            if (spec.unique()) {
                column.unique();
            }
            if (spec.index()) {
                column.index();
            }
            if (spec.clientDefault() != java.util.function.Supplier.class) {
                column.defaultSupplier(supplier(spec.clientDefault(), c.name(), "clientDefault"));
            }
            if (spec.onUpdate() != java.util.function.Supplier.class) {
                column.onUpdate(supplier(spec.onUpdate(), c.name(), "onUpdate"));
            }
            if (!spec.serverDefault().isEmpty()) {
                column.serverDefault(spec.serverDefault());
            }
        }
        return column;
    }

    /** A new instance of a {@code @MappedColumn(clientDefault/onUpdate)} supplier class, or a MappingError saying why not. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private java.util.function.Supplier supplier(Class<? extends java.util.function.Supplier> type, String property, String attribute) {
        try {
            Constructor<? extends java.util.function.Supplier> ctor = type.getDeclaredConstructor();
            ctor.setAccessible(true);
            return ctor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new MappingError("@MappedColumn(" + attribute + " = " + type.getName() + ") on " + where(property)
                    + ": it needs a public no-argument constructor", e);
        }
    }

    private SqlType<?> sqlType(Candidate c, io.kalchemy.orm.MappedColumn spec) {
        if (spec != null && spec.type() != SqlType.class) {
            try {
                Constructor<? extends SqlType> ctor = spec.type().getDeclaredConstructor();
                ctor.setAccessible(true);
                SqlType<?> t = ctor.newInstance();
                if (!GeneratedAccessors.box(c.javaType()).isAssignableFrom(t.javaType())
                        && !t.javaType().isAssignableFrom(GeneratedAccessors.box(c.javaType()))) {
                    throw new MappingError("@MappedColumn(type = " + spec.type().getSimpleName() + ") on " + where(c.name())
                            + " handles " + t.javaType().getSimpleName() + " but the property is " + c.javaType().getSimpleName());
                }
                return t;
            } catch (ReflectiveOperationException e) {
                throw new MappingError("cannot create column type " + spec.type().getName() + " for " + where(c.name())
                        + ": it needs a no-argument constructor", e);
            }
        }
        for (ColumnTypeProvider p : TYPE_PROVIDERS) {
            SqlType<?> provided = p.typeFor(type, c.name(), c.field());
            if (provided != null) {
                return provided;
            }
        }
        if (spec != null && spec.precision() > 0) {
            if (c.javaType() != java.math.BigDecimal.class) {
                throw new MappingError("@MappedColumn(precision, scale) on " + where(c.name()) + " applies only to BigDecimal properties");
            }
            if (spec.scale() < 0 || spec.scale() > spec.precision()) {
                throw new MappingError("@MappedColumn on " + where(c.name()) + " needs 0 <= scale <= precision, got precision "
                        + spec.precision() + ", scale " + spec.scale());
            }
            return SqlTypes.numeric(spec.precision(), spec.scale());
        }
        if (spec != null && spec.length() > 0) {
            if (c.javaType() != String.class) {
                throw new MappingError("@MappedColumn(length) on " + where(c.name()) + " applies only to String properties");
            }
            return SqlTypes.text(spec.length());
        }
        SqlType<?> t = SqlTypes.forClass(c.javaType());
        if (t == null) {
            throw new MappingError("property " + where(c.name()) + " has type " + c.javaType().getName()
                    + ", which has no SQL type; give it @MappedColumn(type = ...) with a TypeDecorator, or mark it @Transient");
        }
        return t;
    }

    private Relationship relationship(Mapper<?> mapper, Candidate c) {
        PropertyAccessor accessor = GeneratedAccessors.accessor(type, c.name(), c.field(), c.getter(), c.setter());
        ManyToOne m2o = c.annotation(ManyToOne.class);
        if (m2o != null) {
            if (java.util.Collection.class.isAssignableFrom(c.javaType())) {
                throw new MappingError("@ManyToOne " + where(c.name()) + " must be a reference to one object, not a collection");
            }
            for (String fk : m2o.foreignKey().split(",")) {
                mapper.property(fk.trim()); // fails naming the class when a foreign-key property is missing
            }
            return new Relationship(mapper, c.name(), Relationship.Kind.MANY_TO_ONE, c.javaType(), c.javaType(), accessor,
                    m2o.cascade(), m2o.load(), false, "", m2o.foreignKey(), "", null);
        }
        Class<?> element = elementType(c);
        OneToMany o2m = c.annotation(OneToMany.class);
        if (o2m != null) {
            return new Relationship(mapper, c.name(), Relationship.Kind.ONE_TO_MANY, element, c.javaType(), accessor,
                    o2m.cascade(), o2m.load(), o2m.passiveDeletes(), o2m.orderBy(), null, o2m.mappedBy(), null);
        }
        ManyToMany m2m = c.annotation(ManyToMany.class);
        return new Relationship(mapper, c.name(), Relationship.Kind.MANY_TO_MANY, element, c.javaType(), accessor,
                m2m.cascade(), m2m.load(), false, "", null, m2m.mappedBy(), m2m);
    }

    private Class<?> elementType(Candidate c) {
        Class<?> raw = c.javaType();
        if (!(raw == java.util.List.class || raw == java.util.Set.class || raw == java.util.Collection.class
                || raw == java.util.ArrayList.class || raw == java.util.HashSet.class || raw == java.util.LinkedHashSet.class)) {
            throw new MappingError("relationship " + where(c.name()) + " must be a List, Set or Collection, not " + raw.getName());
        }
        java.lang.reflect.Type generic = c.field() != null ? c.field().getGenericType() : c.getter().getGenericReturnType();
        if (generic instanceof java.lang.reflect.ParameterizedType pt
                && pt.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        if (generic instanceof java.lang.reflect.ParameterizedType pt
                && pt.getActualTypeArguments()[0] instanceof java.lang.reflect.WildcardType w
                && w.getUpperBounds()[0] instanceof Class<?> element) {
            return element;
        }
        throw new MappingError("relationship " + where(c.name()) + " needs its element type: declare it as List<Target>");
    }

    private void foreignKey(Table table, Column<Object> column, Candidate c, References fk) {
        Mapper<?> target = registry.mapper(fk.value());
        Column<?> referenced;
        if (fk.column().isEmpty()) {
            if (target.keyProperties().size() != 1) {
                throw new MappingError("@References on " + where(c.name()) + " references " + fk.value().getName()
                        + ", which has a composite key; name the column with @References(column = ...)");
            }
            referenced = target.keyProperties().get(0).column();
        } else {
            referenced = target.table().column(fk.column());
        }
        table.foreignKey(null, List.of(column), List.of(referenced), fk.onDelete(), fk.onUpdate());
    }

    private Instantiator instantiator(List<PropertyMapping> mappings) {
        try {
            Constructor<?> noArg = type.getDeclaredConstructor();
            return Instantiator.noArg(GeneratedAccessors.noArgConstructor(type, noArg));
        } catch (NoSuchMethodException ignored) {
            // no no-argument constructor: match a constructor's parameters to properties
        }
        Map<String, Integer> byName = new HashMap<>();
        for (PropertyMapping p : mappings) {
            byName.put(p.name(), p.index());
        }
        List<Constructor<?>> ctors = new ArrayList<>();
        if (provider != null && provider.preferredConstructor(type) != null) {
            ctors.add(provider.preferredConstructor(type));
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (!c.isSynthetic() && !ctors.contains(c) && !isKotlinDefaultsConstructor(c)) {
                ctors.add(c);
            }
        }
        for (Constructor<?> ctor : ctors) {
            int[] indexes = matchByName(ctor, byName, mappings);
            if (indexes == null) {
                indexes = matchByPosition(ctor, mappings);
            }
            if (indexes != null) {
                Object[] zeros = new Object[indexes.length];
                String[] names = new String[indexes.length];
                Class<?>[] params = ctor.getParameterTypes();
                for (int i = 0; i < indexes.length; i++) {
                    zeros[i] = GeneratedAccessors.zeroOf(params[i]);
                    names[i] = indexes[i] < 0 ? "?" : mappings.get(indexes[i]).name();
                }
                return Instantiator.withArguments(type, GeneratedAccessors.spreadConstructor(type, ctor), indexes, zeros, names);
            }
        }
        throw new MappingError("class " + type.getName() + " has no no-argument constructor, and no constructor whose"
                + " parameters match its mapped properties; add a no-argument constructor, or compile with -parameters"
                + " (Java) / -java-parameters (Kotlin), or put kalchemy-coroutines on the classpath for Kotlin classes");
    }

    private static boolean isKotlinDefaultsConstructor(Constructor<?> c) {
        Class<?>[] p = c.getParameterTypes();
        return p.length > 0 && p[p.length - 1].getName().equals("kotlin.jvm.internal.DefaultConstructorMarker");
    }

    private int[] matchByName(Constructor<?> ctor, Map<String, Integer> byName, List<PropertyMapping> mappings) {
        List<String> names = provider != null ? provider.parameterNames(type, ctor) : null;
        if (names == null) {
            Parameter[] params = ctor.getParameters();
            if (params.length == 0 || !params[0].isNamePresent()) {
                return null;
            }
            names = Arrays.stream(params).map(Parameter::getName).toList();
        }
        int[] out = new int[names.size()];
        Class<?>[] types = ctor.getParameterTypes();
        for (int i = 0; i < out.length; i++) {
            Integer idx = names.get(i) == null ? null : byName.get(names.get(i));
            if (idx == null || GeneratedAccessors.box(types[i]) != GeneratedAccessors.box(mappings.get(idx).javaType())) {
                return null;
            }
            out[i] = idx;
        }
        return out;
    }

    /**
     * Kotlin puts a primary constructor's properties first among the fields, in parameter order;
     * match the parameters to the first mapped properties by type when no names are known.
     */
    private static int[] matchByPosition(Constructor<?> ctor, List<PropertyMapping> mappings) {
        Class<?>[] types = ctor.getParameterTypes();
        if (types.length == 0 || types.length > mappings.size()) {
            return null;
        }
        int[] out = new int[types.length];
        for (int i = 0; i < types.length; i++) {
            if (types[i] != mappings.get(i).javaType()) {
                return null;
            }
            out[i] = i;
        }
        return out;
    }
}
