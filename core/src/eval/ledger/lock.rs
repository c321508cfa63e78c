//! When locking an account becomes due (Decree 147 Art. 35.7), one provider and one account
//! at a time. Both the batch check and the ledger drive this same state machine with the
//! account's violations and locks in time order.
//!
//! The model, with every figure from the pack:
//!
//! - Violations are counted since the account's last lock (a lock deals with the violations
//!   before it). A parameter `lock.temporary.violations_<N>d` with value `k` makes a
//!   temporary lock due at the violation that brings the count within the last `N` days (the
//!   `N × 24` hours up to and including it) to `k`.
//! - Once the account has `lock.permanent.prior_temporary_locks` temporary locks behind it,
//!   the next violation makes a permanent lock due; so does a violation marked
//!   `national_security`.
//! - While a lock duty is open, further violations add no second one. Any lock fulfils a
//!   temporary-lock duty; only a permanent lock fulfils a permanent-lock duty.
//! - At one instant, violations count before locks: a lock at the very time of the violation
//!   that made it due meets the duty.

use super::context::{param_value, Context};
use crate::eval::events::{Event, EventKind, LockKind, Timestamp};
use crate::pack::RulePack;

/// A lock duty that arose.
#[derive(Debug, Clone)]
pub(crate) struct LockDuty {
    pub ob: usize,
    /// The violation that made it due (event index).
    pub trigger: u32,
    pub lock: LockKind,
    /// Events that ground it (violations counted, earlier temporary locks).
    pub grounds: Vec<u32>,
    /// The lock that fulfilled it (event index).
    pub fulfilled: Option<u32>,
}

/// The state of one provider's account.
#[derive(Debug, Default)]
pub(crate) struct LockCycle {
    /// Violations since the last lock, in time order.
    since_lock: Vec<(Timestamp, u32)>,
    /// Temporary locks so far.
    temporary_locks: Vec<u32>,
    /// Open duties (indices into the output).
    open_temporary: Vec<usize>,
    open_permanent: Vec<usize>,
}

impl LockCycle {
    /// A violation, in time order.
    pub fn violation(
        &mut self,
        ctx: &Context,
        pack: &RulePack,
        ix: u32,
        e: &Event,
        out: &mut Vec<LockDuty>,
    ) {
        self.since_lock.push((e.time, ix));
        let date = e.time.vietnam_date();
        let obs = ctx.lock_obs_for(e, date);
        if obs.is_empty() {
            return;
        }
        let national_security = matches!(
            e.kind,
            EventKind::ViolationRecorded {
                national_security: true,
                ..
            }
        );
        let prior = ctx.permanent_param.and_then(|p| param_value(pack, p, date));
        let by_count = prior.is_some_and(|n| n >= 0 && self.temporary_locks.len() as i64 >= n);
        if national_security || by_count {
            if self.open_permanent.is_empty() {
                // The earlier locks that count (the last `prior` of them), then the violation.
                let mut grounds = match prior {
                    Some(n) if !national_security => {
                        let n = usize::try_from(n)
                            .unwrap_or(0)
                            .min(self.temporary_locks.len());
                        self.temporary_locks[self.temporary_locks.len() - n..].to_vec()
                    }
                    _ => Vec::new(),
                };
                grounds.push(ix);
                for ob in obs {
                    self.open_permanent.push(out.len());
                    out.push(LockDuty {
                        ob,
                        trigger: ix,
                        lock: LockKind::Permanent,
                        grounds: grounds.clone(),
                        fulfilled: None,
                    });
                }
            }
            return;
        }
        if !self.open_temporary.is_empty() || !self.open_permanent.is_empty() {
            return;
        }
        for w in &ctx.windows {
            let Some(threshold) = param_value(pack, w.param, date) else {
                continue;
            };
            let from = e.time.plus_seconds(-w.seconds);
            let start = self
                .since_lock
                .partition_point(|(t, _)| t.cmp_instant(&from).is_le());
            let counted = &self.since_lock[start..];
            if threshold > 0 && counted.len() as i64 >= threshold {
                let grounds: Vec<u32> = counted.iter().map(|&(_, i)| i).collect();
                for &ob in &obs {
                    self.open_temporary.push(out.len());
                    out.push(LockDuty {
                        ob,
                        trigger: ix,
                        lock: LockKind::Temporary,
                        grounds: grounds.clone(),
                        fulfilled: None,
                    });
                }
                return;
            }
        }
    }

    /// A lock by the same provider of the same account, in time order.
    pub fn lock(&mut self, ix: u32, kind: LockKind, out: &mut [LockDuty]) {
        for d in self.open_temporary.drain(..) {
            if let Some(duty) = out.get_mut(d) {
                duty.fulfilled = Some(ix);
            }
        }
        if kind == LockKind::Permanent {
            for d in self.open_permanent.drain(..) {
                if let Some(duty) = out.get_mut(d) {
                    duty.fulfilled = Some(ix);
                }
            }
        } else {
            self.temporary_locks.push(ix);
        }
        self.since_lock.clear();
    }
}
