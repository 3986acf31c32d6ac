package io.jenkins.plugins.routetolive.engine.manifest.internal;

import io.jenkins.plugins.routetolive.engine.manifest.ManifestComponent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Orders components dependencies first (alphabetically among equals) and refuses cycles, naming one. */
public final class DeploymentOrder {

    private DeploymentOrder() {
    }

    /** Components sorted by application name; throws IllegalArgumentException on unknown dependencies or a cycle. */
    public static List<ManifestComponent> of(String manifest, List<ManifestComponent> sortedComponents) {
        Map<String, ManifestComponent> byName = new LinkedHashMap<>();
        sortedComponents.forEach(c -> byName.put(c.application(), c));
        for (ManifestComponent c : sortedComponents) {
            for (String dependency : c.dependsOn()) {
                if (!byName.containsKey(dependency)) {
                    throw new IllegalArgumentException("manifest " + manifest + ": component " + c.application()
                            + " depends on " + dependency + ", which is not a component of the manifest; add it (pinned if "
                            + "it does not change) or remove the dependency");
                }
            }
        }
        List<ManifestComponent> order = new ArrayList<>();
        Map<String, Integer> mark = new LinkedHashMap<>();
        for (ManifestComponent c : sortedComponents) {
            visit(manifest, c, byName, mark, new ArrayList<>(), order);
        }
        return List.copyOf(order);
    }

    private static void visit(String manifest, ManifestComponent c, Map<String, ManifestComponent> byName,
                              Map<String, Integer> mark, List<String> path, List<ManifestComponent> order) {
        Integer state = mark.get(c.application());
        if (state != null && state == 2) {
            return;
        }
        path.add(c.application());
        if (state != null) {
            List<String> cycle = path.subList(path.indexOf(c.application()), path.size());
            throw new IllegalArgumentException("manifest " + manifest + ": the dependencies form a cycle "
                    + String.join(" -> ", cycle) + "; a release must be deployable in some order, so remove one of these "
                    + "dependencies");
        }
        mark.put(c.application(), 1);
        for (String dependency : c.dependsOn()) {
            visit(manifest, byName.get(dependency), byName, mark, path, order);
        }
        mark.put(c.application(), 2);
        path.remove(path.size() - 1);
        order.add(c);
    }
}
