using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopPortal.Data;

namespace ShopPortal.Pages.Team;

/// <summary>Change a member's name and role, reset their password or two-factor sign-in, unlock or remove them.</summary>
public class EditModel(ShopDbContext db, UserManager<ShopUser> users, ILogger<EditModel> logger) : PageModel
{
    public ShopUser Member { get; private set; } = null!;
    public string Role { get; private set; } = "";
    public bool LockedOut { get; private set; }
    public bool TwoFactor { get; private set; }

    public ProfileInput Profile { get; set; } = new();
    public PasswordInput Password { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public class ProfileInput
    {
        [Required, StringLength(100)]
        [Display(Name = "Name")]
        public string DisplayName { get; set; } = "";

        [Required, RegularExpression("^(Manager|Technician)$", ErrorMessage = "Choose Manager or Technician.")]
        public string Role { get; set; } = Roles.Technician;
    }

    public class PasswordInput
    {
        [Required, StringLength(100, MinimumLength = 8, ErrorMessage = "The password must be at least 8 characters long.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Profile = new ProfileInput { DisplayName = Member.DisplayName, Role = Role };
        return Page();
    }

    public async Task<IActionResult> OnPostProfileAsync(string id, ProfileInput profile, CancellationToken cancellationToken)
    {
        Profile = profile;
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // Checked and changed in one write transaction, so two managers demoting each other
        // at the same moment cannot leave the shop without one.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (profile.Role != Roles.Manager && await TeamRules.IsLastManagerAsync(db, Member, users, cancellationToken))
        {
            ModelState.AddModelError("Profile.Role", TeamRules.LastManagerMessage);
            return Page();
        }
        Member.DisplayName = profile.DisplayName.Trim();
        await users.UpdateAsync(Member);
        if (profile.Role != Role)
        {
            await users.RemoveFromRolesAsync(Member, Roles.All.Where(r => r != profile.Role));
            await users.AddToRoleAsync(Member, profile.Role);
            // Sign the member out everywhere so the new role applies at once.
            await users.UpdateSecurityStampAsync(Member);
        }
        await transaction.CommitAsync(cancellationToken);
        StatusMessage = $"{Member.DisplayName} saved as {profile.Role}.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostPasswordAsync(string id, PasswordInput password)
    {
        Password = password;
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Profile = new ProfileInput { DisplayName = Member.DisplayName, Role = Role };
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var token = await users.GeneratePasswordResetTokenAsync(Member);
        var result = await users.ResetPasswordAsync(Member, token, password.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("Password.NewPassword", error.Description);
            }
            return Page();
        }
        StatusMessage = $"Password reset. Give {Member.DisplayName} the new password in person or by phone.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        await users.SetLockoutEndDateAsync(Member, null);
        await users.ResetAccessFailedCountAsync(Member);
        StatusMessage = $"{Member.DisplayName} can sign in again.";
        return RedirectToPage(new { id });
    }

    /// <summary>
    /// For a member who lost the phone with their authenticator app and their recovery codes: they sign in with
    /// their password again and can set up a new app. The old app's key is replaced, so its codes stop working, and
    /// the member's sessions end.
    /// </summary>
    public async Task<IActionResult> OnPostTwoFactorAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        await users.SetTwoFactorEnabledAsync(Member, false);
        await users.ResetAuthenticatorKeyAsync(Member);
        logger.LogWarning("{Manager} turned off two-factor sign-in for user {UserId}", User.Identity?.Name, Member.Id);
        StatusMessage = $"Two-factor sign-in is off for {Member.DisplayName}: they sign in with their password and can set up a new authenticator app under their account.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        Profile = new ProfileInput { DisplayName = Member.DisplayName, Role = Role };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await TeamRules.IsLastManagerAsync(db, Member, users, cancellationToken))
        {
            ModelState.AddModelError("", TeamRules.LastManagerMessage);
            return Page();
        }
        await users.DeleteAsync(Member);
        await transaction.CommitAsync(cancellationToken);
        StatusMessage = $"{Member.DisplayName} was removed from the team. Their labor entries and comments keep their name.";
        return RedirectToPage("Index");
    }

    private async Task<bool> LoadAsync(string id)
    {
        var member = await users.FindByIdAsync(id);
        if (member is null)
        {
            return false;
        }
        Member = member;
        Role = (await users.GetRolesAsync(member)).FirstOrDefault() ?? Roles.Technician;
        LockedOut = await users.IsLockedOutAsync(member);
        TwoFactor = await users.GetTwoFactorEnabledAsync(member);
        return true;
    }
}
