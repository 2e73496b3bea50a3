package dev.lethe.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.UnavailableException;
import dev.lethe.store.LetheHome;
import dev.lethe.store.RequestState;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureTargetTest {

    @TempDir
    Path dir;

    @Test
    void aBatchReachingADatasetHeldByAMissingTargetIsNotFinished() {
        Ledger.initialiseIfNew(dir);
        try (LetheHome home = LetheHome.open(dir)) {
            Catalog catalog = new Catalog(home.registry());
            catalog.importDataset("people", WorkflowTest.DATA, Map.of());
            catalog.importDataset("lake", WorkflowTest.DATA.select(new int[0]), Map.of("target", "nowhere"));
            assertThat(ErasureTarget.kindOf(home.registry().datasets().get("lake"))).isEqualTo("nowhere");
            assertThat(ErasureTarget.kindOf(home.registry().datasets().get("people"))).isNull();
            Workflow workflow = new Workflow(home.registry());
            String id = workflow.submit(new ForgetRequest.Subject(WorkflowTest.DATA.subjectId(0)));

            assertThatThrownBy(() -> new Worker(home.registry(), Worker.Config.defaults()).drain())
                    .isInstanceOf(UnavailableException.class).hasMessageContaining("'lake'").hasMessageContaining("nowhere");
            assertThat(workflow.status(id).state()).isNotEqualTo(RequestState.DONE);
            assertThat(workflow.receipt(id)).isEmpty();
        }
    }
}
