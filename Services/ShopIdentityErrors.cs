using Microsoft.AspNetCore.Identity;

namespace ShopPortal.Services;

/// <summary>
/// Identity's messages where they speak of user names: here a member's user name is their email address, and the
/// stock "Username 'x' is already taken." (and a second message for the email) reads like a forum sign-up.
/// </summary>
public sealed class ShopIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DuplicateUserName(string userName) => AlreadyOnTheTeam(nameof(DuplicateUserName), userName);

    public override IdentityError DuplicateEmail(string email) => AlreadyOnTheTeam(nameof(DuplicateEmail), email);

    public override IdentityError InvalidUserName(string? userName) => new()
    {
        Code = nameof(InvalidUserName),
        Description = $"'{userName}' cannot be used to sign in: use an email address.",
    };

    private static IdentityError AlreadyOnTheTeam(string code, string address) => new()
    {
        Code = code,
        Description = $"{address} already belongs to a member of the team.",
    };
}
