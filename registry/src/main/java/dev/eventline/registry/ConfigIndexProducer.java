package dev.eventline.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.inject.Produces;

/**
 * Apicurio's config-index extension fills this list at build time, but its deployment
 * module is not on Maven Central, so the extension is left out and the list is empty:
 * the registry then offers no runtime-editable settings, which the local registry never needs.
 */
@ApplicationScoped
public class ConfigIndexProducer {
  @Produces
  @ApplicationScoped
  DynamicConfigPropertyList dynamicConfigPropertyList() {
    return new DynamicConfigPropertyList(java.util.List.of());
  }
}
