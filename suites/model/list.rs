//! The model of chapter 1: Python lists of pointers to objects.
//!
//! A list is modelled as the list of the identities of the objects it points at: a slice is
//! a new list of the same identities, and a write changes one list's identities only, so the
//! model cannot share a block or copy an object the way an implementation can. A [`Chain`]
//! makes lists with `List::of` and `List::repeat`, then applies random slices (every range
//! kind, bounds past the end, start past the stop), writes (one past the end too) and new
//! lists to any list made so far, slices of slices included. After each step it compares
//! every list's length, values and object identities (`Rc::ptr_eq`), `IndexError`s, how many
//! pointers each object has (`Rc::strong_count`) and the room a new list reserves, and
//! reports the first difference as the Python session that shows it.

use std::rc::Rc;

use viewbook::harness::explore::{Finding, Tape};

use super::session::{Method, Session, Span, room_allowed, with_range};
use crate::subject::{Item, List, Object, item_value, new_item};

/// How many operations a chain applies at most, after its first list.
const MAX_OPERATIONS: usize = 6;
/// The longest first list: long enough for slices of slices with bounds past the end.
const MAX_LEN: usize = 12;
/// This model's chapter.
const SLUG: &str = "ch01_lists";

/// The learner's `List::of`.
const OF: Method = Method::new("List::of", SLUG);
/// The learner's `List::repeat`.
const REPEAT: Method = Method::new("List::repeat", SLUG);
/// The learner's `List::len`.
const LEN: Method = Method::new("List::len", SLUG);
/// The learner's `List::get`.
const GET: Method = Method::new("List::get", SLUG);
/// The learner's `List::set`.
const SET: Method = Method::new("List::set", SLUG);
/// The learner's `List::slice`.
const SLICE: Method = Method::new("List::slice", SLUG);

/// Python's `IndexError` for reading past the end.
const READ_ERROR: &str = "list index out of range";
/// Python's `IndexError` for assigning past the end.
const WRITE_ERROR: &str = "list assignment index out of range";

/// One kind of operation of a chain, applied to the list it names.
type Operation = fn(&mut Chain, &mut Tape, usize) -> Result<(), Finding>;

/// One object the chain has made: the model's identity for it.
struct Known {
    /// The suite's own pointer to it, for `Rc::ptr_eq` and `Rc::strong_count`.
    object: Item,
    /// How the session first reached it: `a[3]`, or the literal `'x7'`.
    origin: String,
}

/// One list of the chain: its name in the session, its model, and the learner's list.
struct Entry {
    /// Its name in the session: `a`, `b`, ...
    name: String,
    /// The identities (indices into the chain's objects) of the objects it points at.
    ids: Vec<usize>,
    /// The learner's list.
    list: List,
}

/// A chain of list operations on the learner's lists beside the model.
pub struct Chain {
    /// The calls so far, as Python and as Rust.
    session: Session,
    /// Every object the chain has made, by identity.
    objects: Vec<Known>,
    /// Every list the chain has made, in order.
    entries: Vec<Entry>,
}

impl Chain {
    /// Runs one random chain for chapter 1's suite and compares every step.
    pub fn run(tape: &mut Tape) -> Result<(), Finding> {
        let mut chain = Chain {
            session: Session::new(SLUG),
            objects: Vec::new(),
            entries: Vec::new(),
        };
        chain.of(tape.below(MAX_LEN + 1))?;
        for _ in 0..MAX_OPERATIONS {
            if tape.is_exhausted() {
                break;
            }
            chain.operation(tape)?;
        }
        Ok(())
    }

    /// One operation, on a list chosen from those made so far.
    fn operation(&mut self, tape: &mut Tape) -> Result<(), Finding> {
        let kinds: &[Operation] = &[
            Chain::slice,
            Chain::slice,
            Chain::set,
            Chain::set,
            Chain::repeat,
        ];
        let kind = kinds[tape.below(kinds.len())];
        let target = tape.below(self.entries.len());
        kind(self, tape, target)
    }

    /// `a = [0, 1, ..., n - 1]`: a list of `n` new objects.
    fn of(&mut self, n: usize) -> Result<(), Finding> {
        let name = self.next_name();
        let values: Vec<i64> = (0..n as i64).collect();
        self.session.line(
            format!("{name} = {values:?}"),
            format!("let {name} = List::of(ints(&{values:?}));"),
        );
        let list = self
            .session
            .call(OF, || List::of(values.iter().map(|&v| Object::Int(v))))?;
        let expected: Vec<Object> = values.iter().map(|&v| Object::Int(v)).collect();
        self.compare_values(&list, &name, &expected, OF)?;
        // The new objects' identities are what the new list points at: learn them.
        let mut ids = Vec::new();
        for i in 0..n {
            let object = self.session.call(GET, || list.get(i))?;
            let again = self.session.call(GET, || list.get(i))?;
            self.session.require(GET, Rc::ptr_eq(&object, &again), || {
                format!(
                    "`{name}[{i}] is {name}[{i}]` is True in Python: reading an item twice \
                     gives the same object, a new pointer to it, never a copy"
                )
            })?;
            ids.push(self.know(object, format!("{name}[{i}]")));
        }
        self.add(name, ids, list, OF)
    }

    /// `b = a[2:5]`: a new list of the same objects, with a range of any kind.
    fn slice(&mut self, tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let from = &self.entries[source];
        let span = Span::draw(tape, from.ids.len());
        let ids = from.ids[span.indices(from.ids.len())].to_vec();
        let name = self.next_name();
        self.session.line(
            format!("{name} = {}{}", from.name, span.python()),
            format!("let {name} = {}.slice({});", from.name, span.rust()),
        );
        let list = &self.entries[source].list;
        let (made, kept) = self
            .session
            .call(SLICE, || with_range!(span, |range| list.slice_kept(range)))?;
        let expected = self.values_of(&ids);
        let shown = || format!("{name} = {}{}", self.entries[source].name, span.python());
        if let Err(mut finding) = self.compare_values(&made, &name, &expected, SLICE) {
            finding.text.push_str(&format!("\n  {}", span.meaning()));
            return Err(finding);
        }
        self.compare_identities(&made, &name, &ids, SLICE, &shown())?;
        if let Some(bytes) = kept {
            let room = usize::try_from(bytes).unwrap_or(0) / 8;
            self.session
                .require(SLICE, room <= room_allowed(ids.len()), || {
                    format!(
                        "{} holds {} pointers, yet your slice kept {bytes} bytes, room for \
                         {room}: it reserved room for the whole list and filled only the part \
                         it holds. Reserve what you hold: `self.items[range].to_vec()`",
                        shown(),
                        ids.len()
                    )
                })?;
        }
        self.add(name, ids, made, SLICE)
    }

    /// `a[i] = v` for any `i` up to one past the end (an `IndexError` that changes
    /// nothing), with a new object or one that another list holds.
    fn set(&mut self, tape: &mut Tape, target: usize) -> Result<(), Finding> {
        let len = self.entries[target].ids.len();
        let i = tape.below(len + 1);
        let (id, python, rust) = self.value_to_write(tape)?;
        let name = self.entries[target].name.clone();
        self.session.line(
            format!("{name}[{i}] = {python}"),
            format!("{name}.set({i}, {rust});"),
        );
        let value = Rc::clone(&self.objects[id].object);
        let list = &mut self.entries[target].list;
        let outcome = attempt_set(&self.session, list, i, value);
        if i == len {
            self.session.expect_error(SET, outcome, WRITE_ERROR)?;
        } else {
            outcome?;
            self.entries[target].ids[i] = id;
        }
        self.check_all(SET, target).map_err(|mut finding| {
            finding.text.push_str(
                "\n  `a[i] = v` replaces the item at i: the list keeps its length, and only \
                 that one pointer changes (`*item = value`, never `insert`)",
            );
            finding
        })
    }

    /// `c = [x] * n`: `n` pointers to one object, new or held by another list.
    fn repeat(&mut self, tape: &mut Tape, _source: usize) -> Result<(), Finding> {
        let n = tape.below(MAX_LEN + 1);
        let (id, python, rust) = self.value_to_write(tape)?;
        let name = self.next_name();
        self.session.line(
            format!("{name} = [{python}] * {n}"),
            format!("let {name} = List::repeat(&{rust}, {n});"),
        );
        let item = Rc::clone(&self.objects[id].object);
        let (made, kept) = self.session.call(REPEAT, || List::repeat_kept(&item, n))?;
        drop(item);
        let ids = vec![id; n];
        let expected = self.values_of(&ids);
        self.compare_values(&made, &name, &expected, REPEAT)?;
        self.compare_identities(&made, &name, &ids, REPEAT, &format!("{name} = [x] * {n}"))?;
        if let Some(bytes) = kept {
            self.session
                .require(REPEAT, bytes <= 8 * room_allowed(n) as isize, || {
                    format!(
                        "`[x] * {n}` holds {n} pointers, yet your list kept {bytes} bytes: \
                         a list of n items is a block of n pointers to the one object, 8 bytes \
                         each, and the object is never copied"
                    )
                })?;
        }
        self.add(name, ids, made, REPEAT)
    }

    /// What a write or a repeat puts in: a new string object, or (one time in two, when
    /// there is one) an object some list already points at, read with `get`.
    fn value_to_write(&mut self, tape: &mut Tape) -> Result<(usize, String, String), Finding> {
        let holders: Vec<usize> = (0..self.entries.len())
            .filter(|&e| !self.entries[e].ids.is_empty())
            .collect();
        if !holders.is_empty() && tape.one_in(2) {
            let entry = &self.entries[holders[tape.below(holders.len())]];
            let j = tape.below(entry.ids.len());
            let read = self.session.call(GET, || entry.list.get(j))?;
            let expected = &self.objects[entry.ids[j]];
            self.session
                .require(GET, Rc::ptr_eq(&read, &expected.object), || {
                    format!(
                        "`{}[{j}] is {}` is True in Python; yours gave another object",
                        entry.name, expected.origin
                    )
                })?;
            return Ok((
                entry.ids[j],
                format!("{}[{j}]", entry.name),
                format!("{}.get({j})", entry.name),
            ));
        }
        let text = format!("x{}", self.objects.len());
        let id = self.know(new_item(Object::Str(text.clone())), format!("'{text}'"));
        Ok((id, format!("'{text}'"), format!("text({text:?})")))
    }

    /// Adds a list to the chain, then checks every list and every object's pointer count.
    fn add(
        &mut self,
        name: String,
        ids: Vec<usize>,
        list: List,
        made_by: Method,
    ) -> Result<(), Finding> {
        self.entries.push(Entry { name, ids, list });
        self.check_all(made_by, self.entries.len() - 1)
    }

    /// Every list's length, values and identities, the changed list's `IndexError`, then how
    /// many pointers each object has. `changed` is the list the last step made or wrote to: a difference
    /// in another list means the step reached a list it should not have.
    fn check_all(&self, blame: Method, changed: usize) -> Result<(), Finding> {
        for (e, entry) in self.entries.iter().enumerate() {
            let expected = self.values_of(&entry.ids);
            let outcome = self
                .compare_values(&entry.list, &entry.name, &expected, blame)
                .and_then(|()| {
                    self.compare_identities(&entry.list, &entry.name, &entry.ids, blame, "")
                });
            if let Err(mut finding) = outcome {
                if e != changed {
                    finding.text.push_str(&format!(
                        "\n  the last step changed {}, and only it: every list has its own \
                         block of pointers, so a slice is a new list that a write to the \
                         original (or to the slice) never reaches",
                        self.entries[changed].name
                    ));
                }
                return Err(finding);
            }
        }
        // Only the list the step made or wrote to: a panic is slow to catch, and the other
        // lists' lengths were just checked.
        let entry = &self.entries[changed];
        let len = entry.ids.len();
        let read = self.session.call(GET, || entry.list.get(len));
        self.session.expect_error(GET, read, READ_ERROR)?;
        self.check_pointer_counts(blame)
    }

    /// `len(a)` and `a == [...]`.
    fn compare_values(
        &self,
        list: &List,
        name: &str,
        expected: &[Object],
        blame: Method,
    ) -> Result<(), Finding> {
        let len = self.session.call(LEN, || list.len())?;
        self.session
            .compare(blame, &len, &expected.len(), || format!("len({name}) is"))?;
        let empty = self.session.call(LEN, || list.is_empty())?;
        self.session
            .compare(LEN, &empty, &expected.is_empty(), || {
                format!("len({name}) == 0 is")
            })?;
        // One call reads every item: catching a panic around each `get` would cost more
        // than the reads.
        let got = self.session.call(GET, || {
            (0..len)
                .map(|i| item_value(&list.get(i)))
                .collect::<Vec<Object>>()
        })?;
        self.session
            .compare(blame, &got, &expected.to_vec(), || format!("{name} is"))
    }

    /// `a[i] is x` for every item: the same objects, not equal copies of them.
    fn compare_identities(
        &self,
        list: &List,
        name: &str,
        ids: &[usize],
        blame: Method,
        step: &str,
    ) -> Result<(), Finding> {
        let items = self.session.call(GET, || {
            (0..ids.len()).map(|i| list.get(i)).collect::<Vec<_>>()
        })?;
        for (i, (got, &id)) in items.iter().zip(ids).enumerate() {
            let known = &self.objects[id];
            self.session
                .require(blame, Rc::ptr_eq(got, &known.object), || {
                    let after = if step.is_empty() {
                        String::new()
                    } else {
                        format!(" after {step}")
                    };
                    format!(
                        "`{name}[{i}] is {}` is True in Python{after}; yours is another object, \
                     equal to it. Your code copied the objects; Python copies only the \
                     pointers, and the objects are shared (a shallow copy: clone the `Rc`, \
                     never the `Object`)",
                        known.origin
                    )
                })?;
        }
        Ok(())
    }

    /// Each object is pointed at by as many items as the model's lists hold, plus the
    /// suite's own pointer: a list holds exactly one pointer per item.
    fn check_pointer_counts(&self, blame: Method) -> Result<(), Finding> {
        for (id, known) in self.objects.iter().enumerate() {
            let held: usize = self
                .entries
                .iter()
                .map(|entry| entry.ids.iter().filter(|&&i| i == id).count())
                .sum();
            let got = Rc::strong_count(&known.object) - 1;
            self.session
                .compare(blame, &got, &held, || {
                    format!(
                        "the pointers to the object {} (`Rc::strong_count`, less the suite's \
                         own): the lists so far hold it in {held} items, one pointer each, so \
                         it is",
                        known.origin
                    )
                })
                .map_err(|mut finding| {
                    finding.text.push_str(if got < held {
                        "\n  fewer pointers than items: a list shares another list's block \
                         of pointers, or holds copies of the object. A slice is a new block \
                         with a clone of each `Rc` it selects"
                    } else {
                        "\n  more pointers than items: something kept a pointer it should \
                         have dropped (a write keeps the old pointer, or a list keeps a copy \
                         of its block)"
                    });
                    finding
                })?;
        }
        Ok(())
    }

    /// The model's objects, as values.
    fn values_of(&self, ids: &[usize]) -> Vec<Object> {
        ids.iter()
            .map(|&id| item_value(&self.objects[id].object))
            .collect()
    }

    /// Adds an object to the model, returning its identity.
    fn know(&mut self, object: Item, origin: String) -> usize {
        self.objects.push(Known { object, origin });
        self.objects.len() - 1
    }

    /// The next list's name in the session: `a`, `b`, ... (a chain makes at most seven).
    fn next_name(&self) -> String {
        char::from(b'a' + self.entries.len() as u8).to_string()
    }
}

/// Calls the learner's `set`, turning a panic into a finding (the list is borrowed mutably,
/// so this cannot go through a method of the chain).
fn attempt_set(session: &Session, list: &mut List, i: usize, value: Item) -> Result<(), Finding> {
    session.call(SET, || list.set(i, value))
}
