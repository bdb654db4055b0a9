package io.kalchemy.orm;

import io.kalchemy.errors.MappingError;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds {@link PropertyAccessor}s and instantiators once per mapped class. Public getters and
 * setters become {@code LambdaMetafactory}-spun functions (as fast as a direct call once the JIT
 * has them); fields without accessors go through {@code MethodHandle}s held in final fields.
 */
final class GeneratedAccessors {
    private GeneratedAccessors() {
    }

    static MethodHandles.Lookup lookupFor(Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new MappingError("cannot access class " + type.getName() + " to map it: " + e.getMessage()
                    + " (open its package to io.kalchemy.core)", e);
        }
    }

    static PropertyAccessor accessor(Class<?> owner, String property, Field field, Method getter, Method setter) {
        MethodHandles.Lookup lookup = lookupFor(owner);
        Function<Object, Object> get = getter != null && usable(getter) ? getterFunction(lookup, owner, getter) : null;
        BiConsumer<Object, Object> set = setter != null && usable(setter) ? setterFunction(lookup, owner, setter) : null;
        Class<?> type = field != null ? field.getType() : getter.getReturnType();
        Object zero = zeroOf(type);
        try {
            MethodHandle fieldGet = get == null ? fieldGetter(lookup, field, owner, property) : null;
            MethodHandle fieldSet = set == null ? fieldSetter(lookup, field, owner, property) : null;
            return new LambdaAccessor(get, set, fieldGet, fieldSet, zero);
        } catch (IllegalAccessException e) {
            throw new MappingError("cannot access property " + owner.getName() + "." + property + ": " + e.getMessage(), e);
        }
    }

    private static boolean usable(Method m) {
        return !Modifier.isStatic(m.getModifiers());
    }

    private static MethodHandle fieldGetter(MethodHandles.Lookup lookup, Field field, Class<?> owner, String property)
            throws IllegalAccessException {
        if (field == null) {
            throw new MappingError("property " + owner.getName() + "." + property + " has neither a getter nor a field");
        }
        return lookup.unreflectGetter(field).asType(MethodType.methodType(Object.class, Object.class));
    }

    private static MethodHandle fieldSetter(MethodHandles.Lookup lookup, Field field, Class<?> owner, String property)
            throws IllegalAccessException {
        if (field == null || Modifier.isFinal(field.getModifiers())) {
            throw new MappingError("property " + owner.getName() + "." + property + " is read-only (final field, no setter);"
                    + " an entity's mapped properties must be writable (Kotlin: var, not val). Read-only classes such as"
                    + " records or data classes with vals can be query results: session.execute(...).into(Type.class)");
        }
        return lookup.unreflectSetter(field).asType(MethodType.methodType(void.class, Object.class, Object.class));
    }

    @SuppressWarnings("unchecked")
    private static Function<Object, Object> getterFunction(MethodHandles.Lookup lookup, Class<?> owner, Method getter) {
        try {
            MethodHandle target = lookup.unreflect(getter);
            CallSite site = LambdaMetafactory.metafactory(lookup, "apply", MethodType.methodType(Function.class),
                    MethodType.methodType(Object.class, Object.class), target,
                    MethodType.methodType(box(getter.getReturnType()), owner));
            return (Function<Object, Object>) site.getTarget().invokeExact();
        } catch (Throwable e) {
            throw new MappingError("cannot build a getter for " + owner.getName() + "." + getter.getName() + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static BiConsumer<Object, Object> setterFunction(MethodHandles.Lookup lookup, Class<?> owner, Method setter) {
        try {
            MethodHandle target = lookup.unreflect(setter);
            CallSite site = LambdaMetafactory.metafactory(lookup, "accept", MethodType.methodType(BiConsumer.class),
                    MethodType.methodType(void.class, Object.class, Object.class), target,
                    MethodType.methodType(void.class, owner, box(setter.getParameterTypes()[0])));
            return (BiConsumer<Object, Object>) site.getTarget().invokeExact();
        } catch (Throwable e) {
            throw new MappingError("cannot build a setter for " + owner.getName() + "." + setter.getName() + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Supplier<Object> noArgConstructor(Class<?> type, Constructor<?> ctor) {
        MethodHandles.Lookup lookup = lookupFor(type);
        try {
            MethodHandle target = lookup.unreflectConstructor(ctor);
            CallSite site = LambdaMetafactory.metafactory(lookup, "get", MethodType.methodType(Supplier.class),
                    MethodType.methodType(Object.class), target, MethodType.methodType(type));
            return (Supplier<Object>) site.getTarget().invokeExact();
        } catch (Throwable e) {
            throw new MappingError("cannot use the no-argument constructor of " + type.getName() + ": " + e, e);
        }
    }

    static MethodHandle spreadConstructor(Class<?> type, Constructor<?> ctor) {
        MethodHandles.Lookup lookup = lookupFor(type);
        try {
            return lookup.unreflectConstructor(ctor).asSpreader(Object[].class, ctor.getParameterCount())
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException e) {
            throw new MappingError("cannot use constructor " + ctor + ": " + e.getMessage(), e);
        }
    }

    static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return MethodType.methodType(c).wrap().returnType();
    }

    /** The value a primitive of type {@code c} has by default (null for reference types). */
    static Object zeroOf(Class<?> c) {
        return c.isPrimitive() ? java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(c, 1), 0) : null;
    }

    /** Getter and setter as generated functions, falling back to field handles. */
    private static final class LambdaAccessor implements PropertyAccessor {
        private final Function<Object, Object> get;
        private final BiConsumer<Object, Object> set;
        private final MethodHandle fieldGet;
        private final MethodHandle fieldSet;
        private final Object zero;

        LambdaAccessor(Function<Object, Object> get, BiConsumer<Object, Object> set, MethodHandle fieldGet,
                       MethodHandle fieldSet, Object zero) {
            this.get = get;
            this.set = set;
            this.fieldGet = fieldGet;
            this.fieldSet = fieldSet;
            this.zero = zero;
        }

        @Override
        public Object get(Object entity) {
            if (get != null) {
                return get.apply(entity);
            }
            try {
                return fieldGet.invokeExact(entity);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void set(Object entity, Object value) {
            Object v = value == null ? zero : value;
            if (set != null) {
                set.accept(entity, v);
                return;
            }
            try {
                fieldSet.invokeExact(entity, v);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
