package io.tandem.bench;

/**
 * The configuration files of the MySQL failover benchmark, in keepalived's syntax, for each
 * {@link MysqlVariant}: the VRRP part is the same for every variant (state BACKUP with preemption,
 * VRID 51, {@code advert_int 1}, the VIP on eth0, with VRRPv2 {@code auth_type PASS} as the seed
 * has it); only the health check and Tandem's {@code mysql {}} block differ. Pure text: the
 * benchmark writes it, the report prints it, the unit test parses it.
 *
 * @param version VRRP version, 2 (default, as the seed) or 3
 * @param vip     the write VIP
 */
record MysqlConfigs(int version, String vip) {
    static final int VRID = 51;
    static final int ADVERT_SECONDS = 1;
    static final String AUTH_PASS = "bench51";
    /** Tandem's account on both servers (all privileges: it sets read_only and ends sessions). */
    static final String TANDEM_USER = "tandem";
    static final String TANDEM_PASSWORD = "tandem-bench";
    /** The application's account: INSERT and SELECT on the benchmark schema, no privilege that bypasses read_only. */
    static final String APP_USER = "app";
    static final String APP_PASSWORD = "app-bench";
    static final String SCHEMA = "bench";

    MysqlConfigs {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("VRRP version must be 2 or 3: " + version);
        }
    }

    /**
     * The daemon's configuration on one host.
     *
     * @param self         this host's address (where its mysqld listens)
     * @param peer         the other master's address (Tandem's {@code peer})
     * @param checkScript  keepalived's check script (see {@link #checkScript})
     * @param passwordFile Tandem's password file (root-only)
     */
    String daemon(MysqlVariant variant, String routerId, int priority, String self, String peer, String checkScript,
                  String passwordFile) {
        String global = "global_defs {\n    router_id " + routerId + "\n    vrrp_version " + version + "\n"
                + (variant.tandem() ? "" : "    enable_script_security\n    script_user root\n") + "}\n";
        String check = switch (variant) {
            case TANDEM_DEFAULTS -> """
                    vrrp_script chk_mysql {
                        MYSQL_CHECK {
                            connect_ip %s
                            user %s
                            password_file %s
                        }
                    }
                    """.formatted(self, TANDEM_USER, passwordFile);
            case TANDEM_SAMPLE -> """
                    vrrp_script chk_mysql {
                        MYSQL_CHECK {
                            connect_ip %s
                            user %s
                            password_file %s
                            connect_timeout 0.5
                        }
                        interval 0.5
                        fall 2
                        rise 2
                    }
                    """.formatted(self, TANDEM_USER, passwordFile);
            case TANDEM_FAST -> """
                    vrrp_script chk_mysql {
                        MYSQL_CHECK {
                            connect_ip %s
                            user %s
                            password_file %s
                            connect_timeout 0.5
                        }
                        interval 0.3
                        fall 1
                        rise 2
                    }
                    """.formatted(self, TANDEM_USER, passwordFile);
            case KEEPALIVED_WEIGHT, KEEPALIVED_FAULT -> """
                    vrrp_script chk_mysql {
                        script "%s"
                        interval 1
                        weight %d
                        fall 1
                        rise 1
                    }
                    """.formatted(checkScript, variant == MysqlVariant.KEEPALIVED_WEIGHT ? -60 : 0);
        };
        String mysql = !variant.tandem() ? "" : """
                    mysql {
                        connect_ip %s
                        user %s
                        password_file %s
                        peer %s 3306
                    }
                """.formatted(self, TANDEM_USER, passwordFile, peer);
        String auth = version == 2 ? "    authentication {\n        auth_type PASS\n        auth_pass " + AUTH_PASS + "\n    }\n" : "";
        return global + check + """
                vrrp_instance VI_W {
                    state BACKUP
                    interface eth0
                    virtual_router_id %d
                    priority %d
                    advert_int %d
                %s    track_script {
                        chk_mysql
                    }
                %s    virtual_ipaddress {
                        %s/24 dev eth0
                    }
                }
                """.formatted(VRID, priority, ADVERT_SECONDS, auth, mysql, vip);
    }

    /**
     * keepalived's check, as the seed's {@code check_mysql.sh}: {@code mariadb-admin ping}, which
     * exits 0 whenever the server answers (even with "access denied"), with a 1 s connect timeout;
     * over TCP to this host's address, the port clients use, instead of the seed's unix socket.
     */
    static String checkScript(String self) {
        return """
                #!/bin/bash
                # keepalived vrrp_script: exit 0 when mysqld on this host answers on port 3306 (the seed's
                # check_mysql.sh, over TCP with a 1 s connect timeout instead of the unix socket)
                exec mariadb-admin --no-defaults --connect-timeout=1 -h %s -P 3306 ping >/dev/null 2>&1
                """.formatted(self);
    }
}
