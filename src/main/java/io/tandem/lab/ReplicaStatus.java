package io.tandem.lab;

import java.util.Map;
import java.util.OptionalLong;

/**
 * One server's {@code SHOW SLAVE STATUS} (the default, unnamed connection).
 *
 * @param masterHost          {@code Master_Host}
 * @param ioRunning           {@code Slave_IO_Running}: {@code Yes}, {@code No} or {@code Connecting}
 * @param sqlRunning          {@code Slave_SQL_Running}: {@code Yes} or {@code No}
 * @param lastIoErrno         {@code Last_IO_Errno}
 * @param lastIoError         {@code Last_IO_Error}
 * @param lastSqlErrno        {@code Last_SQL_Errno}
 * @param lastSqlError        {@code Last_SQL_Error}
 * @param secondsBehindMaster {@code Seconds_Behind_Master}; empty when it is NULL
 * @param usingGtid           {@code Using_Gtid}, e.g. {@code Slave_Pos}
 * @param gtidIoPos           {@code Gtid_IO_Pos}
 * @param fields              every column, by name, as the server printed it
 */
public record ReplicaStatus(String masterHost, String ioRunning, String sqlRunning, int lastIoErrno,
                           String lastIoError, int lastSqlErrno, String lastSqlError,
                           OptionalLong secondsBehindMaster, String usingGtid, String gtidIoPos,
                           Map<String, String> fields) {
    public ReplicaStatus {
        fields = Map.copyOf(fields);
    }

    static ReplicaStatus of(Map<String, String> f) {
        String behind = f.get("Seconds_Behind_Master");
        return new ReplicaStatus(
                nonNull(f.get("Master_Host")), nonNull(f.get("Slave_IO_Running")), nonNull(f.get("Slave_SQL_Running")),
                parseInt(f.get("Last_IO_Errno")), nonNull(f.get("Last_IO_Error")),
                parseInt(f.get("Last_SQL_Errno")), nonNull(f.get("Last_SQL_Error")),
                behind == null || behind.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(behind)),
                nonNull(f.get("Using_Gtid")), nonNull(f.get("Gtid_IO_Pos")),
                f.entrySet().stream().filter(e -> e.getValue() != null)
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** Both threads run and neither reports an error. */
    public boolean healthy() {
        return ioRunning.equals("Yes") && sqlRunning.equals("Yes") && lastIoErrno == 0 && lastSqlErrno == 0;
    }

    /** A one-line summary for reports and assertion messages. */
    public String summary() {
        return "master " + masterHost + ", io " + ioRunning + ", sql " + sqlRunning
                + (secondsBehindMaster.isPresent() ? ", " + secondsBehindMaster.getAsLong() + " s behind" : "")
                + ", gtid " + usingGtid + " io_pos " + (gtidIoPos.isEmpty() ? "-" : gtidIoPos)
                + (lastIoErrno != 0 ? ", io error " + lastIoErrno + ": " + lastIoError : "")
                + (lastSqlErrno != 0 ? ", sql error " + lastSqlErrno + ": " + lastSqlError : "");
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static int parseInt(String s) {
        return s == null || s.isEmpty() ? 0 : Integer.parseInt(s);
    }
}
