package dev.lethe.server.opendsr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.InvalidInputException;
import dev.lethe.store.RequestState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityMapTest {

    @TempDir
    Path home;

    @Test
    void withoutAFileEverySubjectColumnHoldsCustomerIds() {
        IdentityMap map = IdentityMap.inHome(home);
        assertThat(map.holds("anything", "controller_customer_id")).isTrue();
        assertThat(map.holds("anything", "email")).isFalse();
        assertThat(map.types()).containsExactly("controller_customer_id");
    }

    @Test
    void theHomesFileMapsEachDatasetAndTheRest() throws Exception {
        Files.writeString(home.resolve(IdentityMap.FILE), "census=email\ncrm = controller_customer_id, email\n*=controller_customer_id\n");
        IdentityMap map = IdentityMap.inHome(home);
        assertThat(map.holds("census", "email")).isTrue();
        assertThat(map.holds("census", "controller_customer_id")).isFalse();
        assertThat(map.holds("crm", "email")).isTrue();
        assertThat(map.holds("other", "controller_customer_id")).isTrue();
        assertThat(map.holds("other", "email")).isFalse();
        assertThat(map.types()).containsExactly("controller_customer_id", "email");
    }

    @Test
    void anIdentityTypeASubjectColumnCannotHoldIsRefusedNamingTheFile() throws Exception {
        Files.writeString(home.resolve(IdentityMap.FILE), "census=android_id\n");
        assertThatThrownBy(() -> IdentityMap.inHome(home)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(IdentityMap.FILE).hasMessageContaining("android_id");
    }

    @Test
    void statusFollowsTheWorkflowStatesOfTheParts() {
        assertThat(DsrStatus.of(List.of(RequestState.SUBMITTED, RequestState.SUBMITTED))).isEqualTo(DsrStatus.PENDING);
        assertThat(DsrStatus.of(List.of(RequestState.SUBMITTED, RequestState.PLANNED))).isEqualTo(DsrStatus.IN_PROGRESS);
        assertThat(DsrStatus.of(List.of(RequestState.DONE, RequestState.SUBMITTED))).isEqualTo(DsrStatus.IN_PROGRESS);
        assertThat(DsrStatus.of(List.of(RequestState.DONE, RequestState.DONE))).isEqualTo(DsrStatus.COMPLETED);
        assertThat(DsrStatus.of(List.of())).isEqualTo(DsrStatus.COMPLETED);
        assertThat(DsrStatus.of(List.of(RequestState.DONE, RequestState.FAILED))).isEqualTo(DsrStatus.CANCELLED);
    }
}
