package io.kalchemy.orm;

import io.kalchemy.errors.UnloadedRelationshipError;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What an unloaded relationship collection holds: a collection of the field's interface whose
 * every use throws {@link UnloadedRelationshipError} naming the class, the property and the fix.
 * Never an empty list that would silently mean "none", never a query on access. Immutable, so one
 * instance per relationship serves every owner ({@link Relationship#unloadedPlaceholder()}).
 */
final class UnloadedCollection implements InvocationHandler {
    private final String message;

    private UnloadedCollection(String message) {
        this.message = message;
    }

    static Object of(Class<?> fieldType, Relationship r) {
        Class<?> iface = Set.class.isAssignableFrom(fieldType) ? Set.class : fieldType == Collection.class ? Collection.class : List.class;
        String owner = r.owner().type().getSimpleName();
        String msg = owner + "." + r.name() + " was not loaded, and Kalchemy never loads on attribute access: add a loader"
                + " option to the query (selectinLoad(" + owner + "::" + r.name() + ")), load it explicitly with"
                + " session.load(entity, \"" + r.name() + "\"), or give the relationship load = Load.SELECTIN";
        return Proxy.newProxyInstance(UnloadedCollection.class.getClassLoader(), new Class<?>[]{iface}, new UnloadedCollection(msg));
    }

    static boolean isUnloaded(Object c) {
        // every dynamic proxy extends Proxy: the instanceof keeps the flush's per-object checks off
        // Proxy.isProxyClass's class-loader cache lookup
        return c instanceof Proxy && Proxy.isProxyClass(c.getClass()) && Proxy.getInvocationHandler(c) instanceof UnloadedCollection;
    }

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
        switch (method.getName()) {
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "<unloaded: " + message.substring(0, message.indexOf(" was not loaded")) + ">";
            default:
                throw new UnloadedRelationshipError(message);
        }
    }
}
