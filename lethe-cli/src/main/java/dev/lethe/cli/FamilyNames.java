package dev.lethe.cli;

import dev.lethe.model.ModelFamilies;
import java.util.Iterator;

/** The model families on the class path, for help texts and completion. */
final class FamilyNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return ModelFamilies.names().iterator();
    }
}
