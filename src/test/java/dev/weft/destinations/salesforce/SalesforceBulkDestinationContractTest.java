package dev.weft.destinations.salesforce;

/** The shared destination behaviour with every batch sent as a Bulk API 2.0 ingest job. */
class SalesforceBulkDestinationContractTest extends SalesforceDestinationContractTest {

    @Override
    protected String bulkThreshold() {
        return "1";
    }
}
