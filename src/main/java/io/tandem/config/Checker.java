package io.tandem.config;

/** A health checker of a real server. */
public sealed interface Checker permits TcpCheck, MiscCheck, MysqlCheck {
    SourceLocation at();
}
