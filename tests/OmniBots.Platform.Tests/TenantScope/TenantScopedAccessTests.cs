using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Platform.Tenancy;
using OmniBots.Tenancy.Contracts;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.TenantScope;

/// <summary>The application side of TEN-3: every way module code reaches data is confined to the scope's tenant.</summary>
public sealed class TenantScopedAccessTests(TenantScopedAccessTests.Fixture fixture) : IClassFixture<TenantScopedAccessTests.Fixture>
{
    public sealed class Fixture : HostFixture
    {
        public Guid TenantA { get; } = Guid.NewGuid();
        public Guid TenantB { get; } = Guid.NewGuid();

        protected override HostSettings Settings => new() { Services = services => services.AddTenantDbContext<TenantsContext>() };

        public async Task SeedAsync()
        {
            await Database.ExecuteAsync($"""
                INSERT INTO tenancy.partners (id, name) VALUES ('{TenantA}', 'Partner') ON CONFLICT DO NOTHING;
                INSERT INTO tenancy.tenants (id, partner_id, name, slug) VALUES
                  ('{TenantA}', '{TenantA}', 'Tenant A', 'a-{TenantA:N}'), ('{TenantB}', '{TenantA}', 'Tenant B', 'b-{TenantB:N}')
                ON CONFLICT DO NOTHING;
                """);
        }
    }

    [Fact]
    public async Task TenantDirectory_InTenantAScope_FindsOnlyTenantA()
    {
        await fixture.SeedAsync();
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(fixture.TenantA);
        var directory = scope.ServiceProvider.GetRequiredService<ITenantDirectory>();

        var current = await directory.FindCurrentAsync(CancellationToken.None);
        Assert.Equal("Tenant A", current?.Name);
        Assert.Equal("UTC", current?.Settings.TimeZone);
        Assert.Equal("Tenant B", (await directory.FindAsync(fixture.TenantB, "test: platform-wide read", CancellationToken.None))?.Name);
    }

    [Fact]
    public async Task EfCoreContext_InTenantAScope_SeesOnlyTenantARows()
    {
        await fixture.SeedAsync();
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(fixture.TenantA);
        var context = scope.ServiceProvider.GetRequiredService<TenantsContext>();

        var names = await context.Tenants.Select(t => t.Name).ToListAsync();
        Assert.Equal(["Tenant A"], names);
    }

    [Fact]
    public async Task WithoutATenant_TenantDatabaseRefuses()
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TenantDatabase>();
        await Assert.ThrowsAsync<TenantRequiredException>(() => database.OpenAsync(CancellationToken.None));
    }

    [Fact]
    public void TenantContext_RefusesASecondDifferentTenant()
    {
        using var scope = fixture.Host.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        context.Set(fixture.TenantA);
        context.Set(fixture.TenantA);
        Assert.Throws<InvalidOperationException>(() => context.Set(fixture.TenantB));
    }

    public sealed class TenantsContext(DbContextOptions<TenantsContext> options) : DbContext(options)
    {
        public DbSet<TenantRow> Tenants => Set<TenantRow>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<TenantRow>(e =>
            {
                e.ToTable("tenants", "tenancy");
                e.Property(t => t.Id).HasColumnName("id");
                e.Property(t => t.Name).HasColumnName("name");
            });
    }

    public sealed class TenantRow
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
    }
}
