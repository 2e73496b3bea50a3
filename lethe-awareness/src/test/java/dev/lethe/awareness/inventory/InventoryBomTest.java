package dev.lethe.awareness.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class InventoryBomTest {

    static Inventory inventory() {
        return new Inventory(List.of(
                new Inventory.ModelEntry("churn", 2, "logistic", "customers", List.of("email", "religion", "visits", "y"),
                        Map.of("email", List.of("email"), "religion", List.of("religion")), Map.of("phone", List.of("phone")),
                        "person", List.of("religion"), 39, 39, "EXACT"),
                new Inventory.ModelEntry("legacy", 1, "forest", "clicks", List.of("ip", "y"), Map.of("ip", List.of("ip-address")),
                        Map.of(), null, List.of(), 0, 500, "no forget yet")),
                List.of(new Inventory.RequestEntry("r1", "subject", "done", List.of("churn v2"), List.of("legacy"))), null);
    }

    @Test
    void theMlBomValidatesAgainstTheCycloneDx16SchemaTheLibraryShips() throws Exception {
        String json = InventoryBom.json(inventory());
        assertThat(new JsonParser().validate(json, Version.VERSION_16)).isEmpty();
        JsonNode bom = new ObjectMapper().readTree(json);
        assertThat(bom.get("specVersion").asText()).isEqualTo("1.6");
        JsonNode model = bom.get("components").get(0);
        assertThat(model.get("type").asText()).isEqualTo("machine-learning-model");
        assertThat(model.toString()).contains("lethe:guarantee").contains("EXACT").contains("lethe:specialCategories");
        assertThat(bom.get("components").get(2).get("type").asText()).isEqualTo("data");
        assertThat(bom.get("dependencies").get(0).get("dependsOn").get(0).asText()).isEqualTo("dataset:customers");
    }

    @Test
    void aBrokenBomFailsTheSameValidation() throws Exception {
        String json = InventoryBom.json(inventory()).replace("\"machine-learning-model\"", "\"spaceship\"");
        assertThat(new JsonParser().validate(json, Version.VERSION_16)).isNotEmpty();
    }

    @Test
    void gapsAreModelsWithPersonalDataButNoSubjectColumn() {
        Inventory inv = inventory();
        assertThat(inv.models().get(0).gap()).isFalse();
        assertThat(inv.models().get(1).gap()).isTrue();
        assertThat(InventoryText.table(inv)).contains("GAP").contains("could also be in (no subject column): legacy");
        assertThat(InventoryText.html(inv)).contains("<td class=\"gap\">no subject column");
    }
}
