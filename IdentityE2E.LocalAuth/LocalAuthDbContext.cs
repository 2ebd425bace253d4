using Microsoft.EntityFrameworkCore;

namespace IdentityE2E.LocalAuth;

/// <summary>OpenIddict's applications and scopes, in memory: they are seeded from configuration at every start.</summary>
internal sealed class LocalAuthDbContext(DbContextOptions<LocalAuthDbContext> options) : DbContext(options);
