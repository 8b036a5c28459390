package dev.weft.destinations.salesforce;

import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BulkCsvTest {

    @Test
    void quotesWhatNeedsQuotingAndWritesNullAsNA() {
        Map<String, Object> tricky = new LinkedHashMap<>();
        tricky.put("Id__c", "x1");
        tricky.put("Description", "says \"hi\", then\nleaves");
        tricky.put("Birthdate", LocalDate.of(1990, 1, 2));
        tricky.put("Seen__c", Instant.parse("2025-03-04T05:06:07Z"));
        tricky.put("Score__c", 2.5);
        tricky.put("Email", null);
        Map<String, Object> sparse = Map.of("Id__c", "x2", "Extra__c", true);
        String csv = BulkCsv.write(List.of(new SyncRecord("k1", Operation.ADD, tricky), new SyncRecord("k2", Operation.ADD, sparse)));

        assertThat(csv).isEqualTo("Id__c,Description,Birthdate,Seen__c,Score__c,Email,Extra__c\n"
                + "x1,\"says \"\"hi\"\", then\nleaves\",1990-01-02,2025-03-04T05:06:07Z,2.5,#N/A,\n"
                + "x2,,,,,,true\n");
        List<List<String>> rows = BulkCsv.read(csv);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).containsExactly("x1", "says \"hi\", then\nleaves", "1990-01-02", "2025-03-04T05:06:07Z", "2.5", "#N/A", "");
        assertThat(rows.get(2)).containsExactly("x2", "", "", "", "", "", "true");
    }

    @Test
    void readsSalesforceFailedResultsWithCrLfLineEndings() {
        List<List<String>> rows = BulkCsv.read("\"sf__Id\",\"sf__Error\",Id__c\r\n\"\",\"INVALID_EMAIL_ADDRESS:bad: x:--\",a1\r\n");
        assertThat(rows).containsExactly(List.of("sf__Id", "sf__Error", "Id__c"), List.of("", "INVALID_EMAIL_ADDRESS:bad: x:--", "a1"));
    }
}
