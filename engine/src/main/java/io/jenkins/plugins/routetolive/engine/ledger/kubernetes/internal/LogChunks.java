package io.jenkins.plugins.routetolive.engine.ledger.kubernetes.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The API calls on the chunks of the applications' logs. Every write is conditional: a new chunk is created
 * (409 if another controller created it first), an existing one is changed with a JSON merge patch carrying the
 * resourceVersion read (409 if anyone wrote it since). So a record takes its position in the same atomic write
 * that stores it: a controller that dies before that write took nothing, and no two records share a position.
 */
public final class LogChunks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final int maxChunkBytes;

    public LogChunks(KubernetesClient client, String namespace, Clock clock, int maxChunkBytes) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
        this.maxChunkBytes = maxChunkBytes;
    }

    /** Stores a record at the head's next position: in the head chunk, or a new chunk when there is none or it is sealed. */
    public ConfigMap append(String application, ApplicationLog.Head head, String json) {
        String key = EntryJson.key(head.nextPosition());
        if (head.chunk() == null) {
            return create(application, 0, head.nextPosition(), key, json);
        }
        int number = number(head.chunk());
        if (sealedThrough(head.chunk()) > 0) {
            return create(application, number + 1, head.nextPosition(), key, json);
        }
        return patch(head.chunk(), Map.of("data", Map.of(key, json)));
    }

    /** Whether the record would push the head chunk past the chunk size, so the head must be sealed first. */
    public boolean full(ApplicationLog.Head head, String json) {
        return head.chunk() != null && sealedThrough(head.chunk()) == 0
                && head.bytes() + EntryJson.key(0).length() + json.length() > maxChunkBytes;
    }

    /** Seals the head chunk at its last position: from then on records go to the next chunk. */
    public ConfigMap seal(ApplicationLog.Head head) {
        return patch(head.chunk(), Map.of("metadata", Map.of("annotations",
                Map.of(ResourceNames.SEALED_THROUGH_ANNOTATION, String.valueOf(head.nextPosition() - 1)))));
    }

    /** The chunk as stored now and every later one, read with GETs (after a conflict). */
    public List<ConfigMap> readFrom(String application, int number) {
        List<ConfigMap> read = new ArrayList<>();
        for (int n = Math.max(0, number); ; n++) {
            ConfigMap chunk = client.configMaps().inNamespace(namespace).withName(ResourceNames.logChunk(application, n)).get();
            if (chunk == null) {
                return n == number ? listOf(application) : read; // compacted away: read what there is
            }
            read.add(chunk);
            if (sealedThrough(chunk) == 0) {
                return read;
            }
        }
    }

    /** Every chunk of one application's log (one LIST). */
    public List<ConfigMap> listOf(String application) {
        return client.configMaps().inNamespace(namespace)
                .withLabel(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY)
                .withLabel(ResourceNames.KIND_LABEL, ResourceNames.KIND_LOG)
                .withLabel(ResourceNames.APPLICATION_LABEL, ResourceNames.labelValue(application))
                .list().getItems().stream().filter(c -> application.equals(application(c))).toList();
    }

    /** Every chunk of every application's log in the namespace (one LIST). */
    public List<ConfigMap> listAll() {
        return client.configMaps().inNamespace(namespace)
                .withLabel(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY)
                .withLabel(ResourceNames.KIND_LABEL, ResourceNames.KIND_LOG)
                .list().getItems();
    }

    private ConfigMap create(String application, int number, long firstPosition, String key, String json) {
        Map<String, String> annotations = ResourceNames.annotations(application, "");
        annotations.remove(ResourceNames.ENVIRONMENT_ANNOTATION);
        annotations.put(ResourceNames.FIRST_POSITION_ANNOTATION, String.valueOf(firstPosition));
        annotations.put("routetolive.io/created", clock.instant().toString());
        return client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(ResourceNames.logChunk(application, number)).withLabels(ResourceNames.logLabels(application, number))
                .withAnnotations(annotations).endMetadata().addToData(key, json).build()).create();
    }

    private ConfigMap patch(ConfigMap chunk, Map<String, Object> change) {
        Map<String, Object> body = new java.util.HashMap<>(change);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = new java.util.HashMap<>((Map<String, Object>) change.getOrDefault("metadata", Map.of()));
        metadata.put("resourceVersion", chunk.getMetadata().getResourceVersion());
        body.put("metadata", metadata);
        try {
            // resource(chunk): the patch names the object itself; withName(..).patch would GET it first (measured)
            return client.configMaps().inNamespace(namespace).resource(chunk)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a patch of " + chunk.getMetadata().getName() + ": " + e.getMessage(), e);
        }
    }

    /** The chunk's number, from its label. */
    public static int number(ConfigMap chunk) {
        return Integer.parseInt(labels(chunk).getOrDefault(ResourceNames.CHUNK_LABEL, "0"));
    }

    /** The first position the chunk holds (or held, before retention). */
    public static long firstPosition(ConfigMap chunk) {
        return Long.parseLong(annotations(chunk).getOrDefault(ResourceNames.FIRST_POSITION_ANNOTATION, "1"));
    }

    /** The last position of a sealed chunk, or 0 while records are still appended to it. */
    public static long sealedThrough(ConfigMap chunk) {
        return Long.parseLong(annotations(chunk).getOrDefault(ResourceNames.SEALED_THROUGH_ANNOTATION, "0"));
    }

    /** The last position the chunk accounts for. */
    public static long lastPosition(ConfigMap chunk) {
        long sealed = sealedThrough(chunk);
        if (sealed > 0) {
            return sealed;
        }
        long last = firstPosition(chunk) - 1;
        for (String key : Objects.requireNonNullElse(chunk.getData(), Map.<String, String>of()).keySet()) {
            last = Math.max(last, Long.parseLong(key));
        }
        return last;
    }

    /** The exact application name a chunk belongs to. */
    public static String application(ConfigMap chunk) {
        return annotations(chunk).getOrDefault(ResourceNames.APPLICATION_ANNOTATION, "");
    }

    /** Whether an object from the watch is a log chunk with its content (not a reduced copy from the informer's store). */
    public static boolean isChunk(ConfigMap object) {
        return object != null && object.getMetadata() != null
                && ResourceNames.KIND_LOG.equals(labels(object).get(ResourceNames.KIND_LABEL))
                && annotations(object).containsKey(ResourceNames.APPLICATION_ANNOTATION);
    }

    static long bytes(ConfigMap chunk) {
        long total = 0;
        for (Map.Entry<String, String> e : Objects.requireNonNullElse(chunk.getData(), Map.<String, String>of()).entrySet()) {
            total += e.getKey().length() + e.getValue().length();
        }
        return total;
    }

    private static Map<String, String> labels(ConfigMap chunk) {
        return Objects.requireNonNullElse(chunk.getMetadata().getLabels(), Map.of());
    }

    private static Map<String, String> annotations(ConfigMap chunk) {
        return Objects.requireNonNullElse(chunk.getMetadata().getAnnotations(), Map.of());
    }
}
