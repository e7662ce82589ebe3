//! Reading and writing one answer by its path: `full_name`, or `members[2].cccd` for a
//! field inside an item of a repeatable group (schemas nest groups one level deep).

use domain::form::{Answer, Answers};

/// Splits `members[2].cccd` into `("members", 2, "cccd")`.
fn split(path: &str) -> Option<(&str, usize, &str)> {
    let (group, rest) = path.split_once('[')?;
    let (index, child) = rest.split_once("].")?;
    Some((group, index.parse().ok()?, child))
}

pub fn get(answers: &Answers, path: &str) -> Option<Answer> {
    match split(path) {
        None => answers.get(path).cloned(),
        Some((group, i, child)) => {
            let items = answers.get(group)?.as_group()?;
            items.get(i)?.get(child).cloned()
        }
    }
}

pub fn text(answers: &Answers, path: &str) -> String {
    match get(answers, path) {
        Some(Answer::Text(s)) => s,
        _ => String::new(),
    }
}

/// Sets (or with `None` clears) the answer at `path`. A top-level change to a prefilled
/// answer marks its provenance edited.
pub fn set(answers: &mut Answers, path: &str, value: Option<Answer>) {
    match split(path) {
        None => match value {
            Some(v) => answers.edit(path, v),
            None => {
                answers.remove(path);
            }
        },
        Some((group, i, child)) => {
            let mut items = answers.get(group).and_then(|a| a.as_group()).map(|g| g.into_owned()).unwrap_or_default();
            let Some(item) = items.get_mut(i) else { return };
            match value {
                Some(v) => {
                    item.insert(child, v);
                }
                None => {
                    item.remove(child);
                }
            }
            answers.edit(group, Answer::Group(items));
        }
    }
}

/// The top-level field of `path`: `members` for `members[2].cccd`. A group prefilled
/// read-only locks its items' inputs with it.
pub fn top(path: &str) -> &str {
    path.split('[').next().unwrap_or(path)
}

/// The items of the group `id`.
pub fn items(answers: &Answers, id: &str) -> Vec<Answers> {
    answers.get(id).and_then(|a| a.as_group()).map(|g| g.into_owned()).unwrap_or_default()
}

/// `members[2].cccd` as an HTML id: `f-members-2-cccd`.
pub fn dom_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len() + 2);
    id.push_str("f-");
    for c in path.chars() {
        match c {
            '[' | '.' => id.push('-'),
            ']' => {}
            c => id.push(c),
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn group_paths() {
        let mut a = Answers::new();
        a.insert("members", Answer::Group(vec![Answers::new(), Answers::new()]));
        set(&mut a, "members[1].name", Some(Answer::text("An")));
        assert_eq!(text(&a, "members[1].name"), "An");
        assert_eq!(text(&a, "members[0].name"), "");
        set(&mut a, "members[5].name", Some(Answer::text("X")));
        assert_eq!(items(&a, "members").len(), 2);
        assert_eq!(dom_id("members[1].name"), "f-members-1-name");
    }
}
