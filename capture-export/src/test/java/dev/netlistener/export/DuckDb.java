// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DuckDB's own Parquet and JSON readers, through its JDBC driver, in an in-memory database. */
final class DuckDb {
    private DuckDb() {
    }

    /** The rows of {@code sql}, numbers as Longs, text as Strings. */
    static List<List<Object>> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    Object value = result.getObject(c);
                    row.add(value instanceof Number number ? (Object) number.longValue() : value);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** Column name to DuckDB type name of what {@code relation} (a file or a table function) reads. */
    static Map<String, String> types(String relation) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (List<Object> row : query("DESCRIBE SELECT * FROM " + relation)) {
            types.put((String) row.get(0), (String) row.get(1));
        }
        return types;
    }
}
