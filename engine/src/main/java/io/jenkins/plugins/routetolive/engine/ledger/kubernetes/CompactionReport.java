package io.jenkins.plugins.routetolive.engine.ledger.kubernetes;

/**
 * What one compaction of the Kubernetes ledger did.
 *
 * @param applications   applications whose logs were looked at
 * @param recordsDropped records removed by the retention rules
 * @param chunksEmptied  chunk ConfigMaps emptied because their kept records moved into an earlier chunk
 */
public record CompactionReport(int applications, long recordsDropped, int chunksEmptied) {
}
