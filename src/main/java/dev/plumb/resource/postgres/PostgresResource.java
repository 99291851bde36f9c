package dev.plumb.resource.postgres;

import dev.plumb.model.Resource;
import dev.plumb.model.ResourceAddress;

/**
 * Every desired PostgreSQL object on one host's server. Sealed here (the package owns the
 * set); the address is {@code HOST/postgres/KIND/KEY}.
 */
public sealed interface PostgresResource extends Resource
        permits RoleSpec, DatabaseSpec, SchemaSpec, GrantSpec, HbaRule, SettingSpec, MigrationSpec {

    /** The inventory host whose server this object lives on. */
    String host();

    PostgresKind kind();

    /** The unique name of this object among its kind on the server. */
    String key();

    @Override
    default ResourceAddress address() {
        return new ResourceAddress(host(), kind().addressKind(), key());
    }
}
