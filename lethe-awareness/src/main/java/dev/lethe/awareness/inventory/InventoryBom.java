package dev.lethe.awareness.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Property;

/**
 * The inventory as a CycloneDX 1.6 ML-BOM (ECMA-424): each model version a
 * {@code machine-learning-model} component that depends on a {@code data} component per dataset;
 * properties in the {@code lethe:} namespace carry the personal data types per column, the special
 * categories, the subjects held and the unlearning guarantee.
 */
public final class InventoryBom {

    private InventoryBom() {
    }

    public static String json(Inventory inv) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(inv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<Component> components = new ArrayList<>();
        List<Dependency> dependencies = new ArrayList<>();
        Map<String, Component> datasets = new LinkedHashMap<>();
        for (Inventory.ModelEntry m : inv.models()) {
            Component data = datasets.computeIfAbsent(m.dataset(), name -> {
                Component c = new Component();
                c.setType(Component.Type.DATA);
                c.setBomRef("dataset:" + name);
                c.setName(name);
                List<Property> props = new ArrayList<>();
                m.personal().forEach((col, types) -> props.add(property("lethe:column:" + col, String.join(",", types))));
                m.droppedPersonal().forEach((col, types) -> props.add(property("lethe:column:" + col, String.join(",", types))));
                props.add(property("lethe:subjectColumn", Boolean.toString(m.subjectColumn() != null)));
                c.setProperties(props);
                return c;
            });
            Component model = new Component();
            model.setType(Component.Type.MACHINE_LEARNING_MODEL);
            model.setBomRef("model:" + m.model() + "@" + m.version());
            model.setName(m.model());
            model.setVersion(Integer.toString(m.version()));
            model.setDescription(m.family() + " model trained on dataset " + m.dataset());
            List<Property> props = new ArrayList<>();
            props.add(property("lethe:family", m.family()));
            props.add(property("lethe:guarantee", m.guarantee()));
            props.add(property("lethe:personalDataTypes", String.join(",", m.personal().values().stream().flatMap(List::stream)
                    .distinct().toList())));
            props.add(property("lethe:specialCategories", String.join(",", m.specialCategories())));
            props.add(property("lethe:subjectsHeld", Integer.toString(m.subjectsHeld())));
            props.add(property("lethe:recordsHeld", Integer.toString(m.recordsHeld())));
            props.add(property("lethe:erasureGap", Boolean.toString(m.gap())));
            model.setProperties(props);
            components.add(model);
            Dependency d = new Dependency(model.getBomRef());
            d.addDependency(new Dependency(data.getBomRef()));
            dependencies.add(d);
        }
        components.addAll(datasets.values());
        datasets.values().forEach(c -> dependencies.add(new Dependency(c.getBomRef())));
        bom.setComponents(components);
        bom.setDependencies(dependencies);
        try {
            return BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the CycloneDX BOM: " + e.getMessage(), e);
        }
    }

    private static Property property(String name, String value) {
        Property p = new Property();
        p.setName(name);
        p.setValue(value);
        return p;
    }
}
