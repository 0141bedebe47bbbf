package io.tandem.config;

import java.util.List;

/** {@code vrrp_sync_group NAME { group { I1 I2 } notify... }}: instances that change state together. */
public record VrrpSyncGroup(String name, List<String> group, NotifyScripts notifyScripts, boolean smtpAlert, SourceLocation at) {
    public VrrpSyncGroup {
        group = List.copyOf(group);
    }
}
