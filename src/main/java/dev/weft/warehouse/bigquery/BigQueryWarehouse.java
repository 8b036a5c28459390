package dev.weft.warehouse.bigquery;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDataWriteChannel;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.bigquery.WriteChannelConfiguration;
import dev.weft.WeftException;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.CsvRows;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.LimitedWarehouse;
import dev.weft.warehouse.RowHandler;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.WarehouseException;
import dev.weft.warehouse.WarehouseTimeoutException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * BigQuery through the google-cloud-bigquery client. Statements run as query jobs with the configured
 * dataset as default dataset (so unqualified names resolve there) and {@code ?} binds as positional
 * parameters; reads page through the job's result; bulk loads stream newline-delimited JSON into a
 * load job that commits, all rows or none, when the writer closes. Credentials: {@code credentials-file},
 * else Application Default Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud, metadata server).
 */
public final class BigQueryWarehouse implements LimitedWarehouse.Statements {

    private static final long PAGE_SIZE = 10_000;
    private static final int CHUNK_BYTES = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Dialect dialect = new BigQueryDialect();
    private final BigQuery client;
    private final String project;
    private final String dataset;
    private final String location;

    public BigQueryWarehouse(WarehouseConfig config) {
        new BigQueryEngine().checkKeys(config);
        this.name = config.name();
        this.project = config.project();
        this.dataset = config.dataset();
        this.location = config.location();
        BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(project);
        if (location != null) {
            options.setLocation(location);
        }
        if (config.url() != null) {
            // An emulator or private endpoint instead of https://bigquery.googleapis.com; emulators take no credentials.
            options.setHost(config.url());
            if (config.credentialsFile() == null) {
                options.setCredentials(NoCredentials.getInstance());
            }
        }
        if (config.credentialsFile() != null) {
            try (InputStream in = Files.newInputStream(Path.of(config.credentialsFile()))) {
                options.setCredentials(GoogleCredentials.fromStream(in));
            } catch (IOException e) {
                throw new WeftException(config.key() + ".credentials-file = '" + config.credentialsFile()
                        + "' cannot be read as Google credentials: " + e.getMessage(), e);
            }
        }
        try {
            this.client = options.build().getService();
            if (client.getDataset(DatasetId.of(project, dataset)) == null) {
                throw new WeftException(config.key() + ".dataset = '" + dataset + "' does not exist in project " + project
                        + " (create it first; see README, Warehouses)");
            }
        } catch (BigQueryException e) {
            throw new WeftException(config.key() + ": cannot reach BigQuery project " + project + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof WeftException) {
                throw e;
            }
            // No credentials found: the auth library's message names the places it looked.
            throw new WeftException(config.key() + ": cannot open BigQuery project " + project + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public long execute(Duration limit, String sql, Object... binds) {
        Job job = run(sql, Arrays.asList(binds), limit);
        if (job.getStatistics() instanceof JobStatistics.QueryStatistics stats && stats.getNumDmlAffectedRows() != null) {
            return stats.getNumDmlAffectedRows();
        }
        return -1;
    }

    @Override
    public void executeAll(Duration limit, List<String> statements) {
        if (!statements.isEmpty()) {
            run(BigQueryStatements.script(statements), List.of(), limit);
        }
    }

    @Override
    public void query(Duration limit, String sql, List<?> binds, RowHandler handler) {
        Job job = run(sql, binds, limit);
        try {
            TableResult result = job.getQueryResults(BigQuery.QueryResultsOption.pageSize(PAGE_SIZE));
            if (result.getSchema() == null) {
                return;
            }
            BigQueryRow row = new BigQueryRow(result.getSchema().getFields());
            // iterateAll fetches the next page only when the current one is used up.
            for (FieldValueList values : result.iterateAll()) {
                handler.handle(row.at(values));
            }
        } catch (BigQueryException e) {
            throw failure(sql, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(sql, "interrupted while reading results", e);
        }
    }

    /**
     * Runs one query job to completion; a failed job becomes an error naming the warehouse and statement.
     * With a limit, BigQuery cancels the job when it has run that long ({@code jobTimeoutMs}).
     */
    private Job run(String sql, List<?> binds, Duration limit) {
        BigQueryStatements.Bound bound = BigQueryStatements.bindNulls(sql, binds);
        QueryJobConfiguration.Builder config = QueryJobConfiguration.newBuilder(bound.sql())
                .setUseLegacySql(false)
                .setDefaultDataset(DatasetId.of(project, dataset));
        if (limit != null) {
            config.setJobTimeoutMs(limit.toMillis());
        }
        for (Object value : bound.parameters()) {
            config.addPositionalParameter(parameter(value));
        }
        long start = System.nanoTime();
        try {
            Job job = client.create(JobInfo.of(newJobId(), config.build())).waitFor();
            if (job == null) {
                throw failure(sql, "the query job disappeared before it finished", null);
            }
            BigQueryError error = job.getStatus().getError();
            if (error != null) {
                String message = describe(error, job.getStatus().getExecutionErrors());
                if (limit != null && System.nanoTime() - start >= limit.toNanos()) {
                    throw new WarehouseTimeoutException("warehouse '" + name + "' (bigquery): stopped after the "
                            + LimitedWarehouse.seconds(limit) + " s limit for interactive queries (" + message + ")"
                            + WarehouseException.where(sql), limit, null);
                }
                throw failure(sql, message, null);
            }
            return job;
        } catch (BigQueryException e) {
            throw failure(sql, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(sql, "interrupted while waiting for the query job", e);
        }
    }

    /** A Java bind value as a typed BigQuery parameter (nulls never get here: they became NULL literals). */
    static QueryParameterValue parameter(Object value) {
        if (value instanceof String s) {
            return QueryParameterValue.string(s);
        }
        if (value instanceof Long l) {
            return QueryParameterValue.int64(l);
        }
        if (value instanceof Integer i) {
            return QueryParameterValue.int64(i);
        }
        if (value instanceof Double d) {
            return QueryParameterValue.float64(d);
        }
        if (value instanceof Float f) {
            return QueryParameterValue.float64(f);
        }
        if (value instanceof Boolean b) {
            return QueryParameterValue.bool(b);
        }
        if (value instanceof BigDecimal d) {
            return QueryParameterValue.numeric(d);
        }
        if (value instanceof Instant t) {
            return QueryParameterValue.timestamp(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
        }
        if (value instanceof LocalDateTime t) {
            // The audience compiler's times (windows, computed_at): UTC wall-clock time, as Weft's TIMESTAMPs are.
            return parameter(t.toInstant(ZoneOffset.UTC));
        }
        if (value instanceof LocalDate d) {
            return QueryParameterValue.date(d.toString());
        }
        throw new WeftException("cannot bind a " + value.getClass().getName() + " as a BigQuery parameter");
    }

    private JobId newJobId() {
        JobId.Builder id = JobId.newBuilder().setProject(project).setRandomJob();
        if (location != null) {
            id.setLocation(location);
        }
        return id.build();
    }

    @Override
    public List<String> listTables() {
        try {
            return StreamSupport.stream(client.listTables(DatasetId.of(project, dataset),
                            BigQuery.TableListOption.pageSize(1000)).iterateAll().spliterator(), false)
                    .map(t -> t.getTableId().getTable().toLowerCase(Locale.ROOT)).sorted().toList();
        } catch (BigQueryException e) {
            throw failure(null, "cannot list tables of dataset " + dataset + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<TableInfo> describeTable(String table) {
        return findTable(table).map(t -> {
            Schema schema = t.getDefinition().getSchema();
            List<TableInfo.ColumnInfo> columns = new ArrayList<>();
            if (schema != null) {
                for (Field f : schema.getFields()) {
                    String type = f.getType().getStandardType().name();
                    columns.add(new TableInfo.ColumnInfo(f.getName().toLowerCase(Locale.ROOT), type, dialect.neutralType(type)));
                }
            }
            return new TableInfo(table.toLowerCase(Locale.ROOT), columns);
        });
    }

    /** BigQuery table names are case-sensitive; Weft's are not, as on the other engines. */
    private Optional<Table> findTable(String table) {
        try {
            Table exact = client.getTable(TableId.of(project, dataset, table));
            if (exact != null) {
                return Optional.of(exact);
            }
            return StreamSupport.stream(client.listTables(DatasetId.of(project, dataset)).iterateAll().spliterator(), false)
                    .filter(t -> t.getTableId().getTable().equalsIgnoreCase(table)).findFirst()
                    .map(t -> client.getTable(t.getTableId()));
        } catch (BigQueryException e) {
            throw failure(null, "cannot describe table " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public BulkWriter bulkWriter(String table, List<String> columns) {
        Table found = findTable(table).orElseThrow(() ->
                new WeftException("bulk load into " + table + ": no such table in warehouse '" + name + "'"));
        Schema schema = found.getDefinition().getSchema();
        boolean[] json = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            Field field = schema.getFields().stream().filter(f -> f.getName().equalsIgnoreCase(column)).findFirst()
                    .orElseThrow(() -> new WeftException("bulk load into " + table + ": no column " + column));
            json[i] = field.getType().getStandardType().name().equals("JSON");
        }
        return new LoadJobWriter(found.getTableId(), List.copyOf(columns), json);
    }

    @Override
    public void close() {
        // The client holds no connections of its own to release.
    }

    private WarehouseException failure(String sql, String message, Exception cause) {
        return new WarehouseException("warehouse '" + name + "' (bigquery): " + message + WarehouseException.where(sql), cause);
    }

    private static String describe(BigQueryError error, List<BigQueryError> all) {
        StringBuilder message = new StringBuilder(error.getMessage());
        if (all != null) {
            all.stream().map(BigQueryError::getMessage).filter(m -> m != null && !m.equals(error.getMessage()))
                    .limit(5).forEach(m -> message.append("; ").append(m));
        }
        return message.toString();
    }

    /**
     * Streams rows as newline-delimited JSON into a load job (JSON keeps NULL and the empty string apart
     * with no escaping rules to get wrong). The upload starts with the first chunk; close commits.
     */
    private final class LoadJobWriter implements BulkWriter {
        private final TableId table;
        private final List<String> columns;
        private final boolean[] json;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK_BYTES + 65536);
        private final JsonGenerator out;
        private TableDataWriteChannel channel;
        private long rows;

        LoadJobWriter(TableId table, List<String> columns, boolean[] json) {
            this.table = table;
            this.columns = columns;
            this.json = json;
            try {
                this.out = JSON.getFactory().createGenerator(buffer); // the mapper as codec, for writeTree
                out.setRootValueSeparator(null); // rows are separated by the newline alone
            } catch (IOException e) {
                throw new WeftException("bulk load into " + table.getTable() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void append(Object... values) {
            if (values.length != columns.size()) {
                throw CsvRows.wrongWidth(table.getTable(), values.length, columns.size());
            }
            try {
                // Checked before writing, so a bad value never leaves half a row behind.
                for (int i = 0; i < values.length; i++) {
                    check(i, values[i]);
                }
                out.writeStartObject();
                for (int i = 0; i < values.length; i++) {
                    out.writeFieldName(columns.get(i));
                    write(i, values[i]);
                }
                out.writeEndObject();
                out.writeRaw('\n');
                rows++;
                out.flush();
                if (buffer.size() >= CHUNK_BYTES) {
                    send();
                }
            } catch (IOException e) {
                throw new WeftException("bulk load into " + table.getTable() + ": " + e.getMessage(), e);
            }
        }

        private void check(int column, Object v) throws IOException {
            if (v != null && !(v instanceof String || v instanceof Number || v instanceof Boolean
                    || v instanceof Instant || v instanceof LocalDate)) {
                throw new WeftException("bulk load into " + table.getTable() + ": unsupported value type " + v.getClass().getName());
            }
            if (json[column] && v instanceof String s) {
                JSON.readTree(s); // a malformed document fails here, naming the column, not in the load job
            }
        }

        private void write(int column, Object v) throws IOException {
            if (v == null) {
                out.writeNull();
            } else if (json[column] && v instanceof String s) {
                out.writeTree(JSON.readTree(s));
            } else if (v instanceof String s) {
                out.writeString(s);
            } else if (v instanceof Long || v instanceof Integer) {
                out.writeNumber(((Number) v).longValue());
            } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
                out.writeString(d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            } else if (v instanceof Number n) {
                out.writeNumber(n.toString());
            } else if (v instanceof Boolean b) {
                out.writeBoolean(b);
            } else if (v instanceof Instant t) {
                out.writeString(CsvRows.TIMESTAMP.format(t));
            } else {
                out.writeString(v.toString()); // LocalDate: ISO yyyy-MM-dd
            }
        }

        private void send() throws IOException {
            if (channel == null) {
                WriteChannelConfiguration config = WriteChannelConfiguration.newBuilder(table)
                        .setFormatOptions(FormatOptions.json())
                        .setCreateDisposition(JobInfo.CreateDisposition.CREATE_NEVER)
                        .setWriteDisposition(JobInfo.WriteDisposition.WRITE_APPEND)
                        .setIgnoreUnknownValues(false)
                        .setMaxBadRecords(0)
                        .build();
                channel = client.writer(newJobId(), config);
            }
            ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
            buffer.reset();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        @Override
        public long rowCount() {
            return rows;
        }

        @Override
        public void close() {
            if (rows == 0) {
                return;
            }
            String what = "load job into " + table.getTable();
            try {
                out.flush();
                send();
                channel.close();
                Job job = channel.getJob().waitFor();
                if (job == null) {
                    throw failure(null, what + " disappeared before it finished", null);
                }
                BigQueryError error = job.getStatus().getError();
                if (error != null) {
                    throw failure(null, what + " failed: " + describe(error, job.getStatus().getExecutionErrors()), null);
                }
            } catch (IOException | BigQueryException e) {
                throw failure(null, what + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(null, "interrupted while waiting for the " + what, e);
            }
        }
    }
}
