package io.kalchemy.orm;

import java.util.ArrayList;
import java.util.Collection;

/**
 * A loaded one-to-many collection that keeps the other side in step: adding a child sets its
 * reference to the owner, removing it clears the reference. Otherwise an ordinary {@link ArrayList}.
 */
final class RelatedList<E> extends ArrayList<E> {
    private final transient Object owner;
    private final transient Relationship relationship;

    RelatedList(Object owner, Relationship relationship, Collection<? extends E> items) {
        super(items);
        this.owner = owner;
        this.relationship = relationship;
    }

    private void linked(Object child) {
        Relationship inv = relationship.inverse();
        if (inv != null && inv.kind() == Relationship.Kind.MANY_TO_ONE && child != null) {
            inv.set(child, owner);
        }
    }

    private void unlinked(Object child) {
        Relationship inv = relationship.inverse();
        if (inv != null && inv.kind() == Relationship.Kind.MANY_TO_ONE && child != null && inv.get(child) == owner) {
            inv.set(child, null);
        }
    }

    @Override
    public boolean add(E e) {
        linked(e);
        return super.add(e);
    }

    @Override
    public void add(int index, E e) {
        linked(e);
        super.add(index, e);
    }

    @Override
    public boolean addAll(Collection<? extends E> c) {
        c.forEach(this::linked);
        return super.addAll(c);
    }

    @Override
    public E set(int index, E e) {
        E old = super.set(index, e);
        unlinked(old);
        linked(e);
        return old;
    }

    @Override
    public boolean remove(Object o) {
        boolean removed = super.remove(o);
        if (removed) {
            unlinked(o);
        }
        return removed;
    }

    @Override
    public E remove(int index) {
        E old = super.remove(index);
        unlinked(old);
        return old;
    }

    @Override
    public void clear() {
        forEach(this::unlinked);
        super.clear();
    }
}
