INSERT INTO `t?` (a, b, c) -- why?
SELECT NULL, '?', "it's ?" /* ? */ UNION ALL SELECT ?, '''a ? ''', ? # last?
