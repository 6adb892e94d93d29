package scale

import (
	"context"
	"fmt"
	"time"

	"market/app"
	"market/app/auth"
	"market/models"
)

// setup creates the operators and registers every organisation with its
// members, profile and verification, each at its own time. Organisations
// are independent of each other, so several workers share them, each with
// an App and a clock of its own.
func (g *generator) setup(ctx context.Context, rep *Report) error {
	c := newClock(g.tl.start.Add(-7 * day))
	a, err := g.newApp(c, false)
	if err != nil {
		return err
	}
	for i := range g.sizes.operators {
		p := newPerson(newRNG(g.cfg.Seed, "operator", i))
		u, _, err := a.CreateOperator(ctx, fmt.Sprintf("operator%d@scale.example", i+1), Password, p.name)
		if err != nil {
			return fmt.Errorf("creating operator %d: %w", i+1, err)
		}
		g.ops = append(g.ops, models.Actor{UserID: u.ID, Role: models.RoleOperator})
	}
	rep.Operators = len(g.ops)
	grp, gctx := newGroup(ctx)
	workers := g.cfg.Shards
	for w := range workers {
		grp.spawn(func() error {
			c := newClock(g.tl.start)
			a, err := g.newApp(c, false)
			if err != nil {
				return err
			}
			for i := w; i < len(g.orgs); i += workers {
				if err := g.register(gctx, a, c, g.orgs[i]); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := grp.wait(); err != nil {
		return err
	}
	rep.Organizations = len(g.orgs)
	for _, o := range g.orgs {
		rep.Users += len(o.users)
	}
	return nil
}

// operator returns the operator who handles the n-th piece of work of an entity.
func (g *generator) operator(entity, n int) models.Actor {
	return g.ops[(entity*7+n)%len(g.ops)]
}

// register registers one organisation (its first member signs up), fills
// in its profile, has an operator verify or reject it, and adds the
// members who joined later.
func (g *generator) register(ctx context.Context, a *app.App, c *clock, o *orgPlan) error {
	r := newRNG(g.cfg.Seed, "register", o.idx)
	first := o.users[0]
	c.set(o.regAt)
	kind := models.OrgEnterprise
	if o.kind == orgGov {
		kind = models.OrgGovernment
	}
	s, err := a.Register(ctx, app.Registration{Email: first.email, Password: Password, DisplayName: first.person.name,
		Organization: models.NewOrganization{Name: o.name, Kind: kind, SME: o.sme(), CreditCode: o.creditCode, District: o.district}})
	if err != nil {
		return fmt.Errorf("registering organisation %d (%s): %w", o.idx, o.name, err)
	}
	o.id, first.id = s.Organization.ID, s.User.ID
	if o.provider() && (o.kind != orgTradeSME || r.chance(0.25)) && r.chance(0.92) {
		at := o.regAt.Add(r.logSpan(10*time.Minute, 3*day))
		if err := g.updateProfile(ctx, a, c, r, o, first, at); err != nil {
			return err
		}
		if r.chance(0.2) { // revised later
			later := at.Add(time.Duration(r.Float64() * float64(g.tl.end.Sub(at))))
			if err := g.updateProfile(ctx, a, c, r, o, first, later); err != nil {
				return err
			}
		}
	}
	switch o.outcome {
	case verifyOK, verifyWithdrawn:
		c.set(o.verifiedAt)
		if _, err := a.VerifyOrganization(ctx, g.operator(o.idx, 0), o.id); err != nil {
			return fmt.Errorf("verifying organisation %d: %w", o.idx, err)
		}
	case verifyRejected:
		c.set(o.rejectedAt)
		if _, err := a.RejectOrganization(ctx, g.operator(o.idx, 0), o.id, pick(r, g.v.reasons.orgRejections)); err != nil {
			return fmt.Errorf("rejecting organisation %d: %w", o.idx, err)
		}
	}
	for _, u := range o.users[1:] {
		// Register's shape for a member; no use case adds a second one.
		hash, err := auth.HashPassword(Password, Argon2())
		if err != nil {
			return fmt.Errorf("hashing a password: %w", err)
		}
		m := &models.User{ID: models.NewID(), Email: u.email, DisplayName: u.person.name, Role: models.RoleMember,
			OrganizationID: o.id, PasswordHash: hash, CreatedAt: u.at.UTC().Truncate(time.Millisecond)}
		if err := g.db.CreateUser(ctx, m); err != nil {
			return fmt.Errorf("adding member %s to organisation %d: %w", u.email, o.idx, err)
		}
		u.id = m.ID
	}
	return nil
}

// updateProfile saves a provider's profile at a time, by one of its members.
func (g *generator) updateProfile(ctx context.Context, a *app.App, c *clock, r *rng, o *orgPlan, by *userPlan, at time.Time) error {
	c.set(at)
	if _, err := a.UpdateProfile(ctx, by.actor(o), o.id, profile(r, g.v, o, at)); err != nil {
		return fmt.Errorf("saving the profile of organisation %d: %w", o.idx, err)
	}
	return nil
}
