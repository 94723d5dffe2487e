using Microsoft.AspNetCore.Identity;

namespace ShopPortal.Data;

public class ShopUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
}

public static class Roles
{
    public const string Manager = "Manager";
    public const string Technician = "Technician";

    public static readonly string[] All = [Manager, Technician];
}
